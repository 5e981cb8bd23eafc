package dev.surge.query.stream;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which streams listen to which items: the changelog feed hands each change to the streams of its item. */
final class ItemSubscriptions {

    private final Map<String, Set<Mailbox<Change>>> byItem = new ConcurrentHashMap<>();

    void add(Collection<String> items, Mailbox<Change> mailbox) {
        for (String item : items) {
            byItem.computeIfAbsent(item, i -> ConcurrentHashMap.newKeySet()).add(mailbox);
        }
    }

    void remove(Collection<String> items, Mailbox<Change> mailbox) {
        for (String item : items) {
            // Removed inside compute: an add for the same item may be creating its set at this moment.
            byItem.computeIfPresent(item, (i, mailboxes) -> {
                mailboxes.remove(mailbox);
                return mailboxes.isEmpty() ? null : mailboxes;
            });
        }
    }

    /** Whether any stream listens to {@code item}: only then is its value worth reading. */
    boolean wanted(String item) {
        return byItem.containsKey(item);
    }

    void deliver(Change change) {
        Set<Mailbox<Change>> mailboxes = byItem.get(change.itemId());
        if (mailboxes != null) {
            mailboxes.forEach(mailbox -> mailbox.offer(change));
        }
    }

    void endAll(EndReason reason) {
        byItem.values().forEach(mailboxes -> mailboxes.forEach(mailbox -> mailbox.end(reason)));
    }

    int items() {
        return byItem.size();
    }
}
