package dev.surge.schemas;

public enum OrderStatus {
    RESERVED, SOLD_OUT, REJECTED, DUPLICATE
}
