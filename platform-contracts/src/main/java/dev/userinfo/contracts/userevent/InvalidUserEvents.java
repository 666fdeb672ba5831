package dev.userinfo.contracts.userevent;

/**
 * A body that is not a batch of the contract's shape (docs/internal-contracts.md §3): the receiver answers 400 in its
 * own envelope with this message and applies nothing. The message names the field, never echoes its value.
 */
public class InvalidUserEvents extends RuntimeException {

    public InvalidUserEvents(String message) {
        super(message, null, false, false);
    }
}
