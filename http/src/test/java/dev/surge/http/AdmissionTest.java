package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void theDrainTellsItsListenersAsItBegins() {
        Admission admission = new Admission();
        List<Boolean> drainingWhenTold = new ArrayList<>();
        admission.onDrain(() -> drainingWhenTold.add(admission.draining()));

        assertThat(drainingWhenTold).isEmpty();
        admission.beginDrain();

        assertThat(drainingWhenTold).as("told once, with new requests already refused").containsExactly(true);
    }
}
