package dev.panoptes.bench;

import java.util.Arrays;

/**
 * The entry point of {@code ./panoptes bench NAME [ARGS]}. Each tool ends with one line
 * {@code NAME: panoptes=X PEER=Y ratio=X/Y}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "bytes-per-sample" -> BytesPerSample.main(rest);
            case "heap-per-series" -> HeapPerSeries.main(rest);
            case "remote-write" -> RemoteWriteLoad.main(rest);
            case "query-latency" -> QueryLatency.main(rest);
            case "logs" -> LogLoad.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.out.println("""
                        Usage: ./panoptes bench NAME [ARGS]

                          bytes-per-sample [FILE]  import OpenMetrics text into Panoptes and, with promtool, into
                                                   Prometheus; compare bytes per sample on disk
                                                   (default FILE: ../shared/datasets/metrics/node-recording.om.gz)
                          bytes-per-sample --synthetic [SERIES [SAMPLES]]
                                                   the same on a synthetic fleet (default 100000 series x 240)
                          heap-per-series [N [S]]  N synthetic active series (default 1000000) scraped S times
                                                   (default 240, an hour at 15 s) into the head;
                                                   heap bytes per series after a full GC
                          remote-write [SECONDS [CONNECTIONS [SERIES]]]
                                                   the same remote write load (default 30 s, 4 connections,
                                                   200000 series) to a Panoptes server and to Prometheus;
                                                   samples stored per CPU second of each server
                          query-latency [SERIES [REPETITIONS]]
                                                   one synthetic day of SERIES series (default 10000, one sample
                                                   a minute) imported into Panoptes and, with promtool, into
                                                   Prometheus; fixed PromQL range queries over 1 h and 24 h sent
                                                   to both servers REPETITIONS times (default 5); median and p99
                                                   latency per query, results compared
                          logs [GB [HOSTS [DIR]]]  the loghub samples replayed into a log store until GB gigabytes
                                                   of lines (default 1) in HOSTS streams per system (default 10);
                                                   ingest MB/s per core, bytes on disk, needle query latency,
                                                   filter-and-count scan MB/s per core (DIR keeps the data)
                          jmh [JMH ARGS]           the JMH benchmarks (for example: jmh XorChunk -f 1 -wi 2 -i 3)
                        """);
                if (!name.equals("help")) {
                    System.exit(2);
                }
            }
        }
    }
}
