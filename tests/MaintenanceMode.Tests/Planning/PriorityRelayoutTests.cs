using MaintenanceMode.Errors;

namespace MaintenanceMode.Tests.Planning
{
    /// <summary>The relayout on the listeners issue 16 names, and on the edges of ALB's range.</summary>
    public class PriorityRelayoutTests
    {
        [Fact]
        public void Rules_at_1_and_50000_move_only_the_first_by_one()
        {
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 1, 50000 }, new[] { 1, 0, 0 });

            Assert.Equal(new[] { 2, 50000 }, users);
            Assert.Equal(new[] { 1 }, created[0]);
        }

        [Fact]
        public void Rules_at_1_to_3_and_49998_to_50000_with_a_bypass_move_only_the_low_ones_as_little_as_they_can()
        {
            // Four bypass copies and the page in front of every user rule.
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 1, 2, 3, 49998, 49999, 50000 }, new[] { 5, 0, 0, 0, 0, 0, 0 });

            Assert.Equal(new[] { 6, 7, 8, 49998, 49999, 50000 }, users);
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, created[0]);
        }

        [Fact]
        public void New_rules_go_right_in_front_of_the_rule_they_precede_when_there_is_room()
        {
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 10, 20 }, new[] { 3, 0, 0 });

            Assert.Equal(new[] { 10, 20 }, users);
            Assert.Equal(new[] { 7, 8, 9 }, created[0]);
        }

        [Fact]
        public void New_rules_in_front_of_a_later_rule_move_only_what_is_in_the_way()
        {
            // Issue 14's shape: two rules needed right before the rule at 4, whose neighbours sit at 1 and 3.
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 1, 3, 4, 9 }, new[] { 0, 0, 2, 0, 0 });

            Assert.Equal(new[] { 1, 3, 6, 9 }, users);
            Assert.Equal(new[] { 4, 5 }, created[2]);
        }

        [Fact]
        public void Among_layouts_moving_as_few_rules_the_one_a_single_call_can_make_wins()
        {
            // 1-3 must all move. Shifting them by one (2-4) lands each on a priority another holds now, which
            // moto refuses in one call; 4-6 is the nearest that one SetRulePriorities call can make.
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 1, 2, 3, 100 }, new[] { 1, 0, 0, 0, 0 });

            Assert.Equal(new[] { 4, 5, 6, 100 }, users);
            Assert.Equal(new[] { 3 }, created[0]);
        }

        [Fact]
        public void Without_a_free_priority_for_one_call_the_rules_move_as_little_as_they_can()
        {
            // 1-3 and 5 must move for two new rules, and 4-5 are the only free priorities below 6.
            var (users, created) = PriorityRelayout.InFrontOf(new[] { 1, 2, 3, 6 }, new[] { 2, 0, 0, 0, 0 });

            Assert.Equal(new[] { 3, 4, 5, 6 }, users);
            Assert.Equal(new[] { 1, 2 }, created[0]);
        }

        [Fact]
        public void The_range_is_exhausted_only_when_the_rules_outnumber_the_priorities()
        {
            var full = Enumerable.Range(1, 50000).ToArray();
            var error = Assert.Throws<MaintenanceModeException>(() => PriorityRelayout.InFrontOf(full, new[] { 1 }.Concat(new int[50000]).ToArray()));
            Assert.Equal(ErrorIds.PriorityRangeExhausted, error.ErrorId);

            var (users, created) = PriorityRelayout.InFrontOf(Enumerable.Range(2, 49999).ToArray(), new[] { 1 }.Concat(new int[49999]).ToArray());
            Assert.Equal(1, created[0].Single());
            Assert.Equal(Enumerable.Range(2, 49999), users);
        }
    }
}
