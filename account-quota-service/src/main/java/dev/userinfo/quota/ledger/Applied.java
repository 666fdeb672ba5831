package dev.userinfo.quota.ledger;

/** The result of a ledgered write: its row, and whether it was replayed from an earlier request with the same key. */
public record Applied(LedgerEntry entry, boolean replayed) {
}
