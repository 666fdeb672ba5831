package dev.userinfo.contracts.appevent;

/**
 * A body that is not a batch of the contract's shape (docs/internal-contracts.md §5): the receiver answers 400 in its
 * own envelope with this message and applies nothing. The message names the field, never echoes its value.
 */
public class InvalidAppEvents extends RuntimeException {

    public InvalidAppEvents(String message) {
        super(message, null, false, false);
    }
}
