package org.diffusionij.command;


/** Checks of command parameters, each failing with a message that names the parameter and the fix. */
final class Inputs {

    private Inputs() {
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " is " + value + " but must be at least " + min + ".");
        }
        return value;
    }
}
