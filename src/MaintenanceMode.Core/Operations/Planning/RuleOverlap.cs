using System.Collections.Generic;
using System.Linq;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Routing;
using MaintenanceMode.Rules;
using MaintenanceMode.Rules.Bypass;

namespace MaintenanceMode.Operations.Planning
{
    /// <summary>
    /// Whether two rules could match one request. Only when no request can match both may their creates (or
    /// deletes) run side by side: a request then meets at most one of them, so which lands first cannot change
    /// where it goes. The answer is conservative: "may overlap" unless a path or host condition proves otherwise.
    /// </summary>
    public static class RuleOverlap
    {
        /// <summary>False only when some path-pattern or host-header condition of each rule share no value.</summary>
        public static bool MayMatchTheSameRequest(IReadOnlyList<RuleCondition>? a, IReadOnlyList<RuleCondition>? b)
        {
            if (a == null || b == null)
            {
                return true;
            }

            foreach (var field in new[] { RuleConditions.PathPattern, RuleConditions.HostHeader })
            {
                var ignoreCase = field == RuleConditions.HostHeader;
                // Each condition must match for its rule to: one disjoint pair is enough, whatever the others say.
                foreach (var ca in a.Where(c => c.Field == field))
                {
                    foreach (var cb in b.Where(c => c.Field == field))
                    {
                        if (Disjoint(ca, cb, ignoreCase))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }

        private static bool Disjoint(RuleCondition a, RuleCondition b, bool ignoreCase)
        {
            // A regex could match what the other's patterns match: not provably disjoint.
            if (PatternIntersection.RegexValues(a).Count > 0 || PatternIntersection.RegexValues(b).Count > 0)
            {
                return false;
            }

            var va = PatternIntersection.PlainValues(a);
            var vb = PatternIntersection.PlainValues(b);
            if (va.Count == 0 || vb.Count == 0)
            {
                return false;
            }

            return !va.Any(x => vb.Any(y => WildcardLanguage.Intersects(x, y, ignoreCase)));
        }
    }
}
