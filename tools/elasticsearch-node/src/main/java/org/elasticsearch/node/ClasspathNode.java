package org.elasticsearch.node;

import java.util.Map;
import java.util.Set;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * A node whose plugins are classes on the classpath. In this package because Node's
 * constructor from a NodeConstruction and the NodeServiceProvider it takes are
 * package-private (the test framework's MockNode does the same).
 */
public final class ClasspathNode extends Node {

    /** {@code modules}: name to plugin class, in loading order. */
    public ClasspathNode(Environment environment, Map<String, Class<? extends Plugin>> modules) {
        super(NodeConstruction.prepareConstruction(
            environment,
            PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
            new NodeServiceProvider() {
                @Override
                PluginsService newPluginService(Environment env, PluginsLoader loader) {
                    return new ClasspathPluginsService(env.settings(), env.configDir(), modules);
                }
            },
            true));
    }
}
