package dev.tollgate.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void dollarsParseExactlyToNanos() {
    assertThat(Money.ofUsd("0.1").plus(Money.ofUsd("0.2"))).isEqualTo(Money.ofUsd("0.3"));
    assertThat(Money.ofUsd("2.5").nanos()).isEqualTo(2_500_000_000L);
    assertThat(Money.ofUsd("0.000000001").nanos()).isEqualTo(1);
  }

  @Test
  void anAmountFinerThanANanoDollarIsRefusedRatherThanRounded() {
    assertThatThrownBy(() -> Money.ofUsd("0.0000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finer than a nano-dollar");
  }

  @Test
  void textThatIsNotANumberIsRefusedNamingIt() {
    assertThatThrownBy(() -> Money.ofUsd("ten")).hasMessageContaining("'ten'");
  }

  @Test
  void theOneRoundingRuleRoundsUpToAWholeNanoDollar() {
    assertThat(Money.ceilNanos(new BigDecimal("37.5")).nanos()).isEqualTo(38);
    assertThat(Money.ceilNanos(new BigDecimal("37.000001")).nanos()).isEqualTo(38);
    assertThat(Money.ceilNanos(new BigDecimal("37")).nanos()).isEqualTo(37);
    assertThat(Money.ceilNanos(new BigDecimal("-37.5")).nanos()).isEqualTo(-37);
  }

  @Test
  void aWholeNumberInAnyScaleIsTakenAsItIs() {
    assertThat(Money.ceilNanos(new BigDecimal("3.7E+2")).nanos()).isEqualTo(370);
    assertThat(Money.ceilNanos(new BigDecimal("37.000")).nanos()).isEqualTo(37);
    assertThat(Money.ceilNanos(BigDecimal.valueOf(12_000).multiply(BigDecimal.valueOf(40))).nanos())
        .isEqualTo(480_000);
    assertThatThrownBy(() -> Money.ceilNanos(new BigDecimal("1E+30")))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void additionOverflowThrowsInsteadOfWrapping() {
    Money max = Money.ofNanos(Long.MAX_VALUE);
    assertThatThrownBy(() -> max.plus(Money.ofNanos(1))).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void displayRoundsHalfEvenOnlyAtTheEdge() {
    Money m = Money.ofNanos(2_500_000); // $0.0025
    assertThat(m.format(3)).isEqualTo("$0.002");
    assertThat(Money.ofNanos(3_500_000).format(3)).isEqualTo("$0.004");
    assertThat(m.formatExact()).isEqualTo("$0.002500000");
    assertThat(Money.ofNanos(-1_500_000_000L).format(2)).isEqualTo("-$1.50");
    assertThat(m.toUsd()).isEqualByComparingTo("0.0025");
  }
}
