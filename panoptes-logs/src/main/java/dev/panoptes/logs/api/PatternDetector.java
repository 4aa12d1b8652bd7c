package dev.panoptes.logs.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the patterns of log lines by clustering them in the manner of Drain (He, Zhu, Zheng and
 * Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017): a line is split
 * into whitespace-separated tokens; a fixed-depth tree routes it first by its token count, then
 * by its first {@code prefixDepth} tokens (a token holding a digit, or one past a node's
 * {@code maxChildren}, goes down a shared wildcard branch, since such tokens are usually
 * variables); at the leaf, the cluster whose template shares the largest fraction of tokens at
 * the same positions takes the line if that fraction reaches {@code similarity}, and every
 * position where the two differ becomes {@value #PARAM} in the template. Otherwise the line
 * starts a cluster of its own.
 *
 * <p>Memory is bounded: at most {@code maxClusters} clusters live, the least recently matched
 * one dropped for a new one; lines past {@code maxTokens} tokens keep the rest of the line as
 * their last token; each cluster counts its lines in {@code buckets} time buckets.
 *
 * <p>Not thread-safe: one per query.
 */
final class PatternDetector {

    /** What stands for a variable token in a pattern, as in Loki's patterns. */
    static final String PARAM = "<_>";

    private final int prefixDepth;
    private final double similarity;
    private final int maxChildren;
    private final int maxClusters;
    private final int maxTokens;
    private final int buckets;
    private final Map<Integer, Node> byLength = new HashMap<>();
    /** Every live cluster, least recently matched first. */
    private final LinkedHashMap<Cluster, Boolean> recent = new LinkedHashMap<>(64, 0.75f, true);

    PatternDetector(int prefixDepth, double similarity, int maxChildren, int maxClusters, int maxTokens, int buckets) {
        this.prefixDepth = prefixDepth;
        this.similarity = similarity;
        this.maxChildren = maxChildren;
        this.maxClusters = maxClusters;
        this.maxTokens = maxTokens;
        this.buckets = buckets;
    }

    /** The settings Loki's patterns answer well with: depth 3, similarity 0.4, 100 children, 300 clusters, 128 tokens. */
    static PatternDetector withDefaults(int buckets) {
        return new PatternDetector(3, 0.4, 100, 300, 128, buckets);
    }

    /** One pattern: its template and the number of its lines in each time bucket. */
    static final class Cluster {
        final String[] template;
        final int[] counts;
        long total;
        private Node leaf;

        Cluster(String[] tokens, int buckets) {
            this.template = tokens;
            this.counts = new int[buckets];
        }

        String pattern() {
            return String.join(" ", template);
        }
    }

    /** A node of the routing tree; leaves hold clusters. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<Cluster> clusters = new ArrayList<>();
    }

    /** Adds a line seen in time bucket {@code bucket}; returns its cluster, or null for a blank line. */
    Cluster add(String line, int bucket) {
        String[] tokens = tokenize(line);
        if (tokens.length == 0) {
            return null;
        }
        Node leaf = leafFor(tokens);
        Cluster best = null;
        double bestScore = -1;
        int bestParams = -1;
        for (Cluster c : leaf.clusters) {
            int same = 0;
            int params = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (c.template[i] == PARAM) {
                    params++;
                } else if (c.template[i].equals(tokens[i])) {
                    same++;
                }
            }
            double score = (double) same / tokens.length;
            if (score > bestScore || (score == bestScore && params > bestParams)) {
                best = c;
                bestScore = score;
                bestParams = params;
            }
        }
        if (best != null && bestScore >= similarity) {
            for (int i = 0; i < tokens.length; i++) {
                if (best.template[i] != PARAM && !best.template[i].equals(tokens[i])) {
                    best.template[i] = PARAM;
                }
            }
            recent.get(best);
        } else {
            best = new Cluster(tokens, buckets);
            best.leaf = leaf;
            leaf.clusters.add(best);
            recent.put(best, Boolean.TRUE);
            evictBeyondLimit();
        }
        best.counts[bucket]++;
        best.total++;
        return best;
    }

    private void evictBeyondLimit() {
        Iterator<Cluster> oldest = recent.keySet().iterator();
        while (recent.size() > maxClusters && oldest.hasNext()) {
            Cluster c = oldest.next();
            oldest.remove();
            c.leaf.clusters.remove(c);
        }
    }

    private Node leafFor(String[] tokens) {
        Node node = byLength.computeIfAbsent(tokens.length, n -> new Node());
        int depth = Math.min(prefixDepth, tokens.length);
        for (int i = 0; i < depth; i++) {
            String key = hasDigit(tokens[i]) ? PARAM : tokens[i];
            Node next = node.children.get(key);
            if (next == null) {
                if (key != PARAM && node.children.size() >= maxChildren) {
                    key = PARAM;
                    next = node.children.get(PARAM);
                }
                if (next == null) {
                    next = new Node();
                    node.children.put(key, next);
                }
            }
            node = next;
        }
        return node;
    }

    /** The live clusters, most lines first (then by pattern, for a stable order). */
    List<Cluster> clusters() {
        List<Cluster> out = new ArrayList<>(recent.keySet());
        out.sort((a, b) -> a.total != b.total ? Long.compare(b.total, a.total) : a.pattern().compareTo(b.pattern()));
        return out;
    }

    private String[] tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (tokens.size() == maxTokens - 1) {
                tokens.add(line.substring(i).strip());
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            String token = line.substring(start, i);
            // The placeholder itself in a line must not pass for a merged position.
            tokens.add(token.equals(PARAM) ? new String(token) : token);
        }
        return tokens.toArray(new String[0]);
    }

    private static boolean hasDigit(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
