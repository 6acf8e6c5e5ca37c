package kepu.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.Build;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * A single Elasticsearch 8.19 node on 127.0.0.1, for tests and local use.
 *
 * <p>The node runs the server from Maven Central (org.elasticsearch:elasticsearch) with one
 * module on the classpath: transport-netty4 (HTTP and transport,
 * org.elasticsearch.plugin:transport-netty4). No X-Pack, so no security, licensing or ML;
 * single-node discovery, everything under one home directory. Kepu's index needs only the
 * server's built-in whitespace analyzer: analysis-common is not published to Maven Central
 * for 8.x. It prints {@code ELASTICSEARCH_READY http://...} once HTTP answers, and stops
 * cleanly on SIGTERM/SIGINT, on stdin EOF with {@code --stdin}, or when the process given
 * with {@code --watch-pid} exits.
 */
public final class ElasticsearchNode {

    private static final String USAGE = String.join("\n",
        "usage: java -jar elasticsearch-node.jar [options]",
        "  --port N          HTTP port on 127.0.0.1 (default 0: any free port, printed when ready)",
        "  --home DIR        node home; data in DIR/data, logs in DIR/logs (default: a temporary",
        "                    directory, removed at exit)",
        "  --delete-home     remove the --home directory at exit too",
        "  --port-file FILE  write the bound HTTP port to FILE once the node is ready",
        "  --watch-pid PID   stop when process PID exits",
        "  --stdin           stop when stdin is closed",
        "  --log-level L     root log level (default INFO)",
        "  -E key=value      any other node setting, e.g. -E search.max_buckets=20000");

    public static void main(String[] args) throws Exception {
        // Set before log4j initialises: our shutdown hook logs the node's close, so log4j must not stop first.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        String port = "0";
        Path home = null;
        Path portFile = null;
        long watchPid = -1;
        boolean watchStdin = false;
        boolean deleteHome = false;
        String logLevel = "INFO";
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port": port = need(args, ++i, a); break;
                case "--home": home = Paths.get(need(args, ++i, a)).toAbsolutePath(); break;
                case "--port-file": portFile = Paths.get(need(args, ++i, a)).toAbsolutePath(); break;
                case "--watch-pid": watchPid = Long.parseLong(need(args, ++i, a)); break;
                case "--stdin": watchStdin = true; break;
                case "--delete-home": deleteHome = true; break;
                case "--log-level": logLevel = need(args, ++i, a); break;
                case "-E": extra.add(need(args, ++i, a)); break;
                case "-h": case "--help": System.out.println(USAGE); return;
                default:
                    System.err.println("elasticsearch-node: unknown argument " + a + "\n" + USAGE);
                    System.exit(2);
            }
        }

        final boolean ownHome = home == null;
        if (ownHome) {
            home = Files.createTempDirectory("kepu-elasticsearch.");
        }
        Files.createDirectories(home.resolve("config"));

        Settings.Builder builder = Settings.builder()
            .put("cluster.name", "kepu")
            .put("node.name", "kepu-node")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", "0")
            // Test/dev node: never go read-only because the disk is nearly full.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .put("logger.level", logLevel);
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                System.err.println("elasticsearch-node: -E expects key=value, got " + kv);
                System.exit(2);
            }
            builder.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Settings settings = builder.build();

        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicReference<Node> nodeRef = new AtomicReference<>();
        final Path homeToRemove = ownHome || deleteHome ? home : null;
        final Path portFileToRemove = portFile;
        // Registered first, so that the node is stopped and a temporary home removed whatever happens next.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Node n = nodeRef.get();
                if (n != null) {
                    n.close();
                    n.awaitClose(20, TimeUnit.SECONDS);
                }
            } catch (Throwable e) {
                System.err.println("elasticsearch-node: error while stopping: " + e);
            } finally {
                if (portFileToRemove != null) {
                    try { Files.deleteIfExists(portFileToRemove); } catch (IOException ignored) { }
                }
                if (homeToRemove != null) {
                    deleteTree(homeToRemove);
                }
                System.out.println("ELASTICSEARCH_STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "kepu-elasticsearch-shutdown"));

        if (watchPid > 0) {
            ProcessHandle.of(watchPid).ifPresentOrElse(
                p -> p.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        }
        if (watchStdin) {
            Thread t = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) { /* ignore input */ }
                } catch (IOException ignored) { }
                System.exit(0);
            }, "kepu-elasticsearch-stdin");
            t.setDaemon(true);
            t.start();
        }

        long t0 = System.nanoTime();
        final Node node;
        try {
            // Console logging (no log4j2.properties needed); the caller keeps the output.
            LogConfigurator.registerErrorListener();
            LogConfigurator.configureWithoutConfig(settings);
            LogConfigurator.setNodeName("kepu-node");
            Environment environment = InternalSettingsPreparer.prepareEnvironment(
                settings, Collections.emptyMap(), home.resolve("config"), () -> "kepu-node");
            Map<String, Class<? extends Plugin>> modules = new LinkedHashMap<>();
            modules.put("transport-netty4", Netty4Plugin.class);
            modules.put("kepu-rest-root", RootPlugin.class);
            node = new ClasspathNode(environment, modules);
            nodeRef.set(node);
            node.start();
        } catch (Throwable e) {
            System.err.println("elasticsearch-node: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        TransportAddress http =
            node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        String url = "http://" + http.getAddress() + ":" + http.getPort();
        if (portFile != null) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.write(tmp, (http.getPort() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("ELASTICSEARCH_READY %s (Elasticsearch %s, home %s, started in %d ms)%n",
            url, Build.current().version(), home, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        System.out.flush();
        stopped.await();
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("elasticsearch-node: " + flag + " needs a value\n" + USAGE);
            System.exit(2);
        }
        return args[i];
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try { Files.deleteIfExists(p); } catch (IOException ignored) { }
            });
        } catch (IOException ignored) { }
    }
}
