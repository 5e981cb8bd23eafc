package dev.surge.ingress.events;

import static dev.surge.ingress.RunningIngress.json;
import static dev.surge.ingress.events.EventRequests.array;
import static dev.surge.ingress.events.EventRequests.event;
import static dev.surge.ingress.events.EventRequests.eventIds;
import static dev.surge.ingress.events.EventRequests.ndjson;
import static dev.surge.ingress.events.EventRequests.postJson;
import static dev.surge.ingress.events.EventRequests.postNdjson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.ApiKeysFixture;
import dev.surge.ingress.EdgeStores;
import dev.surge.ingress.InMemoryPublisher;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.RecordPublisher;
import dev.surge.ingress.RunningIngress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Idempotency-Key, derived event ids, API keys and rate limits on POST /v1/events. */
class EventIdempotencyTest {

    private static final String[] EVENTS = {event("s-1"), event("s-2", "\"event_id\":\"mine-2\""), event("s-3")};

    @Test
    void aRetryGetsTheFirstAnswerWhateverTheFormatAndPublishesNothing() {
        try (RunningIngress ingress = new RunningIngress()) {
            HttpResponse<String> first = postJson(ingress, array(EVENTS), "Idempotency-Key", "batch-1");
            // The same events as NDJSON, spaced differently: the same batch.
            HttpResponse<String> retry = postNdjson(ingress, ndjson(EVENTS).replace(":", ": "),
                    "Idempotency-Key", "batch-1");

            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(retry.statusCode()).isEqualTo(202);
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(retry.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json(retry)).isEqualTo(json(first));
            assertThat(ingress.publisher.published()).hasSize(3);
        }
    }

    @Test
    void anotherBatchUnderTheSameKeyIs422() {
        try (RunningIngress ingress = new RunningIngress()) {
            postJson(ingress, array(EVENTS), "Idempotency-Key", "batch-2");
            HttpResponse<String> other = postJson(ingress, array(event("s-9")), "Idempotency-Key", "batch-2");

            assertThat(other.statusCode()).isEqualTo(422);
            assertThat(json(other).path("error").asText()).isEqualTo("idempotency_key_reused");

            // Refused events count too: their answer names the event_id each was sent with.
            String refused = "{\"event_id\":\"bad-1\"}";
            postJson(ingress, array(event("s-1"), refused), "Idempotency-Key", "batch-2b");
            HttpResponse<String> renamed = postJson(ingress, array(event("s-1"), refused.replace("bad-1", "bad-2")),
                    "Idempotency-Key", "batch-2b");
            assertThat(renamed.statusCode()).isEqualTo(422);
            assertThat(ingress.publisher.published()).hasSize(4);
        }
    }

    @Test
    void aRetryAfterAPartlyQueuedBatchCarriesTheSameEventIds() {
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean brokerSick = new AtomicBoolean(true);
        // Takes the first record of a batch, then fails: the 503 leaves one event on the topic.
        RecordPublisher sickBroker = (topic, key, value, headers) -> {
            if (brokerSick.get() && !acknowledged.isEmpty()) {
                throw new PublishFailedException(topic + ": not acknowledged within 5s", null);
            }
            acknowledged.add(RunningIngress.json(value).path("event_id").asText());
        };
        try (RunningIngress ingress = new RunningIngress(EventRequests.settings(), EdgeStores.inProcess(),
                sickBroker)) {
            HttpResponse<String> first = postJson(ingress, array(EVENTS), "Idempotency-Key", "batch-3");
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(acknowledged).hasSize(1);

            brokerSick.set(false);
            HttpResponse<String> retry = postJson(ingress, array(EVENTS), "Idempotency-Key", "batch-3");

            assertThat(retry.statusCode()).isEqualTo(202);
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
            // What reached the topic twice has one event_id, so the topology's dedup drops the copy.
            assertThat(acknowledged).hasSize(4);
            assertThat(acknowledged.get(1)).isEqualTo(acknowledged.get(0));
            assertThat(acknowledged.get(2)).isEqualTo("anonymous:mine-2");
        }
    }

    @Test
    void generatedIdsFollowTheKeyAndTheIndex() {
        try (RunningIngress one = new RunningIngress(); RunningIngress other = new RunningIngress()) {
            postJson(one, array(EVENTS), "Idempotency-Key", "batch-4");
            postJson(other, array(EVENTS), "Idempotency-Key", "batch-4");
            postJson(other, array(EVENTS), "Idempotency-Key", "batch-5");
            postJson(other, array(EVENTS));
            postJson(other, array(EVENTS));

            List<String> first = eventIds(one.publisher.published());
            List<String> all = eventIds(other.publisher.published());
            assertThat(first).hasSize(3).doesNotHaveDuplicates().contains("anonymous:mine-2");
            assertThat(all.subList(0, 3)).isEqualTo(first);
            assertThat(all.subList(3, 6)).doesNotContain(first.get(0), first.get(2)).contains("anonymous:mine-2");
            assertThat(all.subList(6, 12)).filteredOn(id -> !id.equals("anonymous:mine-2"))
                    .hasSize(4).doesNotHaveDuplicates().doesNotContainAnyElementsOf(all.subList(0, 6));
        }
    }

    @Test
    void needsAKeyWithTheIngestScopeAndScopesIdsToIt() {
        try (RunningIngress ingress = new RunningIngress(EventRequests.settings("API_KEYS", ApiKeysFixture.ENTRIES))) {
            HttpResponse<String> anonymous = postJson(ingress, array(EVENTS));
            HttpResponse<String> readOnly = postJson(ingress, array(EVENTS), "X-API-Key", ApiKeysFixture.READ_ONLY);

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(json(anonymous).path("error").asText()).isEqualTo("unauthorized");
            assertThat(readOnly.statusCode()).isEqualTo(403);
            assertThat(json(readOnly).path("error").asText()).isEqualTo("forbidden");
            assertThat(ingress.publisher.published()).isEmpty();

            HttpResponse<String> shopA = postJson(ingress, array(EVENTS), "Idempotency-Key", "same",
                    "X-API-Key", ApiKeysFixture.SHOP_A);
            HttpResponse<String> shopB = postJson(ingress, array(EVENTS), "Idempotency-Key", "same",
                    "Authorization", "Bearer " + ApiKeysFixture.SHOP_B);
            assertThat(shopA.statusCode()).isEqualTo(202);
            assertThat(shopB.statusCode()).isEqualTo(202);
            assertThat(shopB.headers().firstValue("Idempotent-Replayed")).isEmpty();
            List<String> ids = eventIds(ingress.publisher.published());
            assertThat(ids.subList(0, 3)).doesNotContainAnyElementsOf(
                    ids.subList(3, 6).stream().filter(id -> !id.equals("anonymous:mine-2")).toList());
        }
    }

    @Test
    void theKeyOrAddressLimitAppliesButNoUserLimit() {
        String withUsers = array(event("s-1", "\"user_id\":\"u-1\""), event("s-2", "\"user_id\":\"u-1\""));
        try (RunningIngress ingress = new RunningIngress(EventRequests.settings(
                "RATE_LIMIT_MAX_REQUESTS", "1", "RATE_LIMIT_IP_MAX_REQUESTS", "2"))) {
            assertThat(postJson(ingress, withUsers).statusCode()).isEqualTo(202);
            HttpResponse<String> second = postJson(ingress, withUsers);
            assertThat(second.statusCode()).isEqualTo(202);
            assertThat(second.headers().firstValue("RateLimit-Limit")).hasValue("2");

            HttpResponse<String> third = postJson(ingress, withUsers);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(json(third).path("error").asText()).isEqualTo("rate_limited");
            // Refused requests count too: this one meets the spent limit before its body is read.
            assertThat(postJson(ingress, "[]").statusCode()).isEqualTo(429);
            assertThat(ingress.publisher.published()).extracting(InMemoryPublisher.Published::key).hasSize(4);
        }
    }
}
