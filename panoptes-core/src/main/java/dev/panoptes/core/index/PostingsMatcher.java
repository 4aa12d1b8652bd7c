package dev.panoptes.core.index;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a conjunction of label matchers over an inverted index, returning the ids that
 * satisfy all of them.
 *
 * <p>A matcher that an absent label does not satisfy ({@code job="api"}, {@code path=~"/v1/.*"})
 * selects the union of postings of the values it matches, and those unions are intersected. A
 * matcher that an absent label does satisfy ({@code env!="prod"}, {@code team=""},
 * {@code x=~"a|"}) instead removes the postings of the values it rejects, so that entries
 * without the label stay in. When every matcher is of the second kind, evaluation starts from all
 * ids. Equality, literal alternations and negations of those are answered by direct lookups;
 * regexes with a literal prefix scan only the values with that prefix.
 */
public final class PostingsMatcher {

    private PostingsMatcher() {
    }

    /** The ids satisfying every matcher; a fresh bitmap the caller owns. */
    public static RoaringBitmap select(PostingsReader index, List<LabelMatcher> matchers) {
        List<RoaringBitmap> intersect = new ArrayList<>(matchers.size());
        List<RoaringBitmap> subtract = new ArrayList<>();
        for (LabelMatcher matcher : matchers) {
            if (matcher.matchesEmpty()) {
                RoaringBitmap rejected = rejected(index, matcher);
                if (!rejected.isEmpty()) {
                    subtract.add(rejected);
                }
            } else {
                RoaringBitmap accepted = accepted(index, matcher);
                if (accepted.isEmpty()) {
                    return new RoaringBitmap();
                }
                intersect.add(accepted);
            }
        }
        RoaringBitmap result;
        if (intersect.isEmpty()) {
            result = index.allPostings().clone();
        } else if (intersect.size() == 1) {
            result = intersect.get(0).clone();
        } else {
            result = FastAggregation.and(intersect.iterator());
        }
        for (RoaringBitmap s : subtract) {
            if (result.isEmpty()) {
                break;
            }
            result.andNot(s);
        }
        return result;
    }

    /** The union of postings of the values a matcher accepts (it does not accept absence). */
    private static RoaringBitmap accepted(PostingsReader index, LabelMatcher matcher) {
        String name = matcher.name();
        if (matcher.type() == MatchType.EQUAL) {
            return index.postings(name, matcher.value());
        }
        if (matcher.type() == MatchType.REGEX && matcher.setMatches() != null) {
            return unionOf(index, name, matcher.setMatches());
        }
        return scan(index, matcher, true);
    }

    /** The union of postings of the values a matcher rejects (it accepts absence). */
    private static RoaringBitmap rejected(PostingsReader index, LabelMatcher matcher) {
        String name = matcher.name();
        if (matcher.type() == MatchType.NOT_EQUAL) {
            return index.postings(name, matcher.value());
        }
        if (matcher.type() == MatchType.NOT_REGEX && matcher.setMatches() != null) {
            return unionOf(index, name, matcher.setMatches());
        }
        return scan(index, matcher, false);
    }

    private static RoaringBitmap unionOf(PostingsReader index, String name, List<String> values) {
        List<RoaringBitmap> lists = new ArrayList<>(values.size());
        for (String value : values) {
            if (value.isEmpty()) {
                continue;
            }
            RoaringBitmap postings = index.postings(name, value);
            if (!postings.isEmpty()) {
                lists.add(postings);
            }
        }
        return union(lists);
    }

    /** Unions the postings of every value of the matcher's label for which it answers {@code wanted}. */
    private static RoaringBitmap scan(PostingsReader index, LabelMatcher matcher, boolean wanted) {
        String name = matcher.name();
        // Only a positive regex with a literal prefix can skip values: every value it accepts
        // starts with the prefix. A negative one must visit the rest to reject them.
        String prefix = wanted && matcher.type() == MatchType.REGEX ? matcher.literalPrefix() : null;
        List<RoaringBitmap> lists = new ArrayList<>();
        for (String value : index.values(name, prefix == null ? "" : prefix)) {
            if (prefix != null && !value.startsWith(prefix)) {
                break;
            }
            if (matcher.matches(value) == wanted) {
                lists.add(index.postings(name, value));
            }
        }
        return union(lists);
    }

    private static RoaringBitmap union(List<RoaringBitmap> lists) {
        if (lists.isEmpty()) {
            return new RoaringBitmap();
        }
        if (lists.size() == 1) {
            return lists.get(0);
        }
        return FastAggregation.or(lists.iterator());
    }
}
