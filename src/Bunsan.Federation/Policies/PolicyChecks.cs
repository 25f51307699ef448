using System.Collections.Immutable;

namespace Bunsan.Federation.Policies;

/// <summary>
/// The checks that make a policy mean what it says, run when it is set: a rule whose constraints can never all hold,
/// a permission some prohibition always overrides, and parameters given twice with different values. Sound, not
/// complete: each check fires only when the contradiction is certain, so a valid policy is never refused.
/// </summary>
internal static class PolicyChecks
{
    public static IEnumerable<string> Contradictions(ImmutableArray<PolicyRule> permissions, ImmutableArray<PolicyRule> prohibitions)
    {
        foreach (PolicyRule rule in permissions.Concat(prohibitions))
        {
            foreach (string problem in Unsatisfiable(rule))
            {
                yield return problem;
            }
            foreach (var twice in rule.Constraints.Where(c => c.IsParameter).GroupBy(c => c.Operand).Where(g => g.Count() > 1))
            {
                yield return $"{rule.Name}: {PolicyTerms.Name(twice.Key)} is given {twice.Count()} times: give it once";
            }
        }
        foreach (PolicyRule prohibition in prohibitions.Where(p => p.Constraints.Any(c => c.IsParameter)))
        {
            yield return $"{prohibition.Name}: bunsan:minGroupSize and bunsan:epsilonBudget are parameters of a permission, not of a prohibition: move them";
        }
        foreach (PolicyRule permission in permissions.Where(p => p.CoversAggregation))
        {
            if (prohibitions.FirstOrDefault(p => p.CoversAggregation && Covers(p, permission)) is { } overriding)
            {
                yield return $"{permission.Name} can never apply: {overriding.Name} forbids every request it permits (a contradiction): narrow the prohibition or drop the permission";
            }
        }
        foreach (PolicyOperand parameter in new[] { PolicyOperand.MinGroupSize, PolicyOperand.EpsilonBudget })
        {
            var values = permissions.SelectMany(p => p.Constraints).Where(c => c.Operand == parameter).Select(c => c.RightText).Distinct(StringComparer.Ordinal).ToList();
            if (values.Count > 1)
            {
                yield return $"{PolicyTerms.Name(parameter)} differs between permissions ({string.Join(" vs ", values)}): a dataset has one value, give the same in every permission";
            }
        }
    }

    private static IEnumerable<string> Unsatisfiable(PolicyRule rule)
    {
        foreach (PolicyOperand operand in new[] { PolicyOperand.Purpose, PolicyOperand.Spatial })
        {
            NameSet set = NameSet.Of(rule, operand);
            if (set.Finite && set.Names.Count == 0)
            {
                yield return $"{rule.Name}: no {PolicyTerms.Name(operand)} can satisfy all of its {PolicyTerms.Name(operand)} constraints (a contradiction): fix the lists";
            }
        }
        if (Window.Of(rule).IsEmpty)
        {
            yield return $"{rule.Name}: its dateTime constraints leave an empty window (a contradiction): the start must come before the end";
        }
    }

    /// <summary>Whether every request that satisfies <paramref name="permission"/> also satisfies <paramref name="prohibition"/>.</summary>
    private static bool Covers(PolicyRule prohibition, PolicyRule permission) =>
        NameSet.Of(permission, PolicyOperand.Purpose).Within(NameSet.Of(prohibition, PolicyOperand.Purpose))
        && NameSet.Of(permission, PolicyOperand.Spatial).Within(NameSet.Of(prohibition, PolicyOperand.Spatial))
        && Window.Of(permission).Within(Window.Of(prohibition));

    /// <summary>The names a rule's constraints on one operand admit: a finite set, or everything except a finite set.</summary>
    private sealed record NameSet(bool Finite, IReadOnlySet<string> Names)
    {
        public static NameSet Of(PolicyRule rule, PolicyOperand operand)
        {
            HashSet<string>? admitted = null;
            var excluded = new HashSet<string>(StringComparer.Ordinal);
            foreach (PolicyConstraint c in rule.Constraints.Where(c => c.Operand == operand))
            {
                if (c.Admits)
                {
                    admitted = admitted is null ? new HashSet<string>(c.Names, StringComparer.Ordinal) : [.. admitted.Intersect(c.Names, StringComparer.Ordinal)];
                }
                else
                {
                    excluded.UnionWith(c.Names);
                }
            }
            return admitted is null ? new NameSet(false, excluded) : new NameSet(true, new HashSet<string>(admitted.Except(excluded, StringComparer.Ordinal), StringComparer.Ordinal));
        }

        /// <summary>This set ⊆ other (for co-finite sets, <see cref="Names"/> holds the excluded names).</summary>
        public bool Within(NameSet other) => (Finite, other.Finite) switch
        {
            (true, true) => Names.IsSubsetOf(other.Names),
            (true, false) => !Names.Overlaps(other.Names),
            (false, true) => false,
            _ => other.Names.IsSubsetOf(Names),
        };
    }

    /// <summary>The instants a rule's dateTime constraints admit: between two optional bounds, each inclusive or not.</summary>
    private sealed record Window((DateTimeOffset At, bool Inclusive)? Start, (DateTimeOffset At, bool Inclusive)? End)
    {
        public static Window Of(PolicyRule rule)
        {
            (DateTimeOffset, bool)? start = null, end = null;
            foreach (PolicyConstraint c in rule.Constraints.Where(c => c.Operand == PolicyOperand.DateTime))
            {
                bool inclusive = c.Operator is PolicyOperator.Gteq or PolicyOperator.Lteq;
                if (c.Operator is PolicyOperator.Gt or PolicyOperator.Gteq)
                {
                    start = start is null || StricterStart((c.Instant, inclusive), start.Value) ? (c.Instant, inclusive) : start;
                }
                else
                {
                    end = end is null || StricterEnd((c.Instant, inclusive), end.Value) ? (c.Instant, inclusive) : end;
                }
            }
            return new Window(start, end);
        }

        public bool IsEmpty => Start is { } s && End is { } e && (s.At > e.At || (s.At == e.At && !(s.Inclusive && e.Inclusive)));

        /// <summary>This window ⊆ other: on each side, other has no bound or this one's is at least as strict.</summary>
        public bool Within(Window other) =>
            (other.Start is not { } os || (Start is { } s && !StricterStart(os, s)))
            && (other.End is not { } oe || (End is { } e && !StricterEnd(oe, e)));

        /// <summary>Whether start bound a admits fewer instants than b.</summary>
        private static bool StricterStart((DateTimeOffset At, bool Inclusive) a, (DateTimeOffset At, bool Inclusive) b) =>
            a.At > b.At || (a.At == b.At && !a.Inclusive && b.Inclusive);

        private static bool StricterEnd((DateTimeOffset At, bool Inclusive) a, (DateTimeOffset At, bool Inclusive) b) =>
            a.At < b.At || (a.At == b.At && !a.Inclusive && b.Inclusive);
    }
}
