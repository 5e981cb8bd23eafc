package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {

    private final MessageValidator validator = new MessageValidator(10);

    private Validated<OrderRequest> order(String json) {
        return validator.order(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAValidOrder() {
        var result = order("{\"order_id\":\"o-1\",\"user_id\":\"u_1\",\"item_id\":\"sku-1\",\"quantity\":3}");

        assertThat(result).isEqualTo(new Validated.Valid<>(new OrderRequest("o-1", "u_1", "sku-1", 3)));
    }

    @Test
    void orderIdIsOptional() {
        assertThat(order("{\"user_id\":\"u\",\"item_id\":\"i\",\"quantity\":1}")).isInstanceOf(Validated.Valid.class);
    }

    @Test
    void listsEveryFailingField() {
        var result = (Validated.Invalid<OrderRequest>) order(
                "{\"item_id\":\"" + "x".repeat(65) + "\",\"quantity\":0,\"colour\":\"red\"}");

        assertThat(result.notJson()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactly(
                "colour", "item_id", "quantity", "user_id");
        assertThat(result.errors()).extracting(FieldError::field, FieldError::message).contains(
                tuple("user_id", "is required"),
                tuple("colour", "is not a known field"),
                tuple("item_id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'"));
        assertThat(result.describe()).contains("quantity: ");
    }

    @Test
    void theMaximumQuantityComesFromConfiguration() {
        String body = "{\"user_id\":\"u\",\"item_id\":\"i\",\"quantity\":11}";
        assertThat(order(body)).isInstanceOf(Validated.Invalid.class);
        assertThat(new MessageValidator(20).order(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Validated.Valid.class);
    }

    @Test
    void wrongTypesAreSchemaViolations() {
        var result = (Validated.Invalid<OrderRequest>) order(
                "{\"user_id\":1,\"item_id\":\"i\",\"quantity\":\"2\"}");

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("quantity", "user_id");
    }

    @Test
    void bodiesThatAreNotJsonSayWhy() {
        for (String body : new String[] {"", "{", "nope", "{\"a\":1}}", "{\"user_id\":\"u\",\"user_id\":\"v\"}"}) {
            var result = order(body);
            assertThat(result).as(body).isInstanceOf(Validated.Invalid.class);
            assertThat(((Validated.Invalid<OrderRequest>) result).errors()).isNotEmpty();
        }
        assertThat(((Validated.Invalid<OrderRequest>) order("{")).notJson()).isTrue();
    }

    @Test
    void trailingContentAndRepeatedFieldsAreNotJson() {
        String valid = "{\"user_id\":\"u\",\"item_id\":\"i\",\"quantity\":1}";
        assertThat(((Validated.Invalid<OrderRequest>) order(valid + "xyz")).notJson()).isTrue();
        assertThat(((Validated.Invalid<OrderRequest>) order(valid + valid)).notJson()).isTrue();
        var twice = (Validated.Invalid<OrderRequest>) order(
                "{\"user_id\":\"u\",\"item_id\":\"i\",\"quantity\":1,\"quantity\":9}");
        assertThat(twice.notJson()).isTrue();
        assertThat(twice.errors().get(0).message()).contains("quantity");
    }

    @Test
    void aJsonArrayOrScalarIsNotAnOrder() {
        assertThat(order("[]")).isInstanceOf(Validated.Invalid.class);
        assertThat(order("42")).isInstanceOf(Validated.Invalid.class);
        assertThat(order("null")).isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void deepNestingIsRefusedBeforeValidation() {
        String deep = "{\"user_id\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        var result = (Validated.Invalid<OrderRequest>) order(deep);

        assertThat(result.notJson()).isTrue();
    }

    @Test
    void inventoryCommandsRefuseNegativeQuantitiesAndUnknownTypes() {
        assertThat(validator.inventoryCommand(
                "{\"item_id\":\"i\",\"type\":\"SET\",\"quantity\":5}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Validated.Valid<>(new InventoryCommand(null, "i", InventoryCommand.Type.SET, 5, null)));
        var negative = (Validated.Invalid<InventoryCommand>) validator.inventoryCommand(
                "{\"item_id\":\"i\",\"type\":\"RESTOCK\",\"quantity\":-1}".getBytes(StandardCharsets.UTF_8));
        assertThat(negative.errors()).extracting(FieldError::field).containsExactly("quantity");
        var unknown = (Validated.Invalid<InventoryCommand>) validator.inventoryCommand(
                "{\"item_id\":\"i\",\"type\":\"STEAL\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.errors()).extracting(FieldError::field).containsExactly("type");
    }

    private static final String VALID = "{\"user_id\":\"u\",\"item_id\":\"i\",\"quantity\":1}";

    @Test
    void refusesTextThatIsNotUtf8EvenWhenJacksonCouldGuessIt() {
        assertThat(validator.order(VALID.getBytes(StandardCharsets.UTF_16))).isInstanceOf(Validated.Invalid.class);
        assertThat(validator.order(VALID.getBytes(java.nio.charset.Charset.forName("UTF-32"))))
                .isInstanceOf(Validated.Invalid.class);
        // "u" as the overlong two-byte sequence C1 B5: decoders that take it would read a valid order.
        byte[] overlong = VALID.replace("\"u\"", "\"\u0001\"").getBytes(StandardCharsets.UTF_8);
        int at = VALID.indexOf("\"u\"") + 1;
        byte[] body = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, body, 0, at);
        body[at] = (byte) 0xC1;
        body[at + 1] = (byte) 0xB5;
        System.arraycopy(overlong, at + 1, body, at + 2, overlong.length - at - 1);
        var result = (Validated.Invalid<OrderRequest>) validator.order(body);
        assertThat(result.errors()).extracting(FieldError::message).containsExactly("body is not UTF-8");
    }

    @Test
    void aDecimalThatOnlyRoundsToAnIntegerIsNotOne() {
        assertThat(order(VALID.replace("\"quantity\":1", "\"quantity\":2.00000000000000000001")))
                .isInstanceOf(Validated.Invalid.class);
        assertThat(order(VALID.replace("\"quantity\":1", "\"quantity\":2.0")))
                .isEqualTo(new Validated.Valid<>(new OrderRequest(null, "u", "i", 2)));
    }

    @Test
    void aNumberBeyondAnyRangeIsRefusedNotThrown() {
        var result = (Validated.Invalid<OrderRequest>) order(VALID.replace("\"quantity\":1", "\"quantity\":1e99999999999"));
        assertThat(result.notJson()).isTrue();
    }
}
