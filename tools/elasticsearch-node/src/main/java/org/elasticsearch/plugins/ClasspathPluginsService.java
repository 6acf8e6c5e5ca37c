package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;

/**
 * Kepu's Elasticsearch node: the modules it needs are classes on the classpath (the jars
 * Maven Central publishes), not plugin directories with descriptors as in the distribution.
 * In this package because PluginsService's loaded-plugin record and its plugin constructor
 * are package-private (the test framework's MockPluginsService does the same).
 */
public final class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    /** {@code modules}: name (as in {@code GET _nodes/plugins}) to plugin class. */
    public ClasspathPluginsService(Settings settings, Path configDir, Map<String, Class<? extends Plugin>> modules) {
        // No module or plugin directories: an empty loader.
        super(settings, configDir, PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false));
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Map.Entry<String, Class<? extends Plugin>> module : modules.entrySet()) {
            Class<? extends Plugin> type = module.getValue();
            PluginDescriptor descriptor = new PluginDescriptor(
                module.getKey(), "classpath module " + type.getName(), Build.current().version(), Build.current().version(),
                Integer.toString(Runtime.version().feature()), type.getName(), null, List.of(),
                false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, loadPlugin(type, settings, configDir), type.getClassLoader()));
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(List.of(), classpathPlugins.stream().map(LoadedPlugin::descriptor).toList());
    }
}
