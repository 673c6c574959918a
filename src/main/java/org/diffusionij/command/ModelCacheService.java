package org.diffusionij.command;

import org.diffusionij.model.ModelCache;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * The {@link ModelCache} of one SciJava context (Fiji's, or a headless one): the commands share
 * its sessions, and disposing the context closes every session and the native memory (CPU or
 * GPU) behind it.
 */
@Plugin(type = Service.class)
public final class ModelCacheService extends AbstractService implements SciJavaService {

    private final ModelCache cache = new ModelCache();

    /** The context's cache. */
    public ModelCache cache() {
        return cache;
    }

    @Override
    public void dispose() {
        cache.close();
    }
}
