package org.diffusionij.schedule;

import java.util.Locale;

/** How S sampling steps are spread over T training timesteps (diffusers' timestep_spacing). */
public enum TimestepSpacing {
    /** round(linspace(0, T-1, S)), reversed. */
    LINSPACE,
    /** arange(S) * (T / S), reversed. */
    LEADING,
    /** round(T - arange(S)·T/S) - 1: always starts at T-1; the best choice for few steps. */
    TRAILING;

    public static TimestepSpacing parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown timestep spacing '" + name
                    + "': use linspace, leading or trailing");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
