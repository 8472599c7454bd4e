package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class GroupMembershipConfigTest {

    @Test
    void aDynamicMemberLeavesTheGroupWhenItStops() {
        assertThat(new MemstreamConfig(Map.of()).shutdown().leavesGroup()).isTrue();
    }

    @Test
    void aStaticMemberStaysSoThatARestartGetsItsPartitionsBackWithoutARebalance() {
        assertThat(new MemstreamConfig(Map.of(MemstreamConfig.GROUP_INSTANCE_ID, "memstream-0")).shutdown().leavesGroup())
                .isFalse();
    }

    @Test
    void alwaysAndNeverOverrideTheMembership() {
        assertThat(new MemstreamConfig(Map.of(MemstreamConfig.GROUP_INSTANCE_ID, "memstream-0",
                MemstreamConfig.SHUTDOWN_LEAVE_GROUP, "always")).shutdown().leavesGroup()).isTrue();
        assertThat(new MemstreamConfig(Map.of(MemstreamConfig.SHUTDOWN_LEAVE_GROUP, "never")).shutdown().leavesGroup())
                .isFalse();
    }

    @Test
    void anUnknownLeavePolicyIsAConfigError() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.SHUTDOWN_LEAVE_GROUP, "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MemstreamConfig.SHUTDOWN_LEAVE_GROUP);
    }
}
