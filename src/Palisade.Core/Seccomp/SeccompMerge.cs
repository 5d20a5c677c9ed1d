namespace Palisade.Core.Seccomp;

/// <summary>Combines profiles (the containers of one pod, replicas recorded apart) into one that allows what any allowed.</summary>
public static class SeccompMerge
{
    /// <summary>
    /// One <c>SCMP_ACT_ALLOW</c> rule with the union of the names the inputs allow without conditions; allow rules with
    /// args are kept (deduplicated) for names not already allowed outright; other rules (explicit denials) are not
    /// carried over, since the union of permissions must not deny what one input allowed. The default action is the
    /// strictest of the inputs' in kernel precedence order (<see cref="SeccompActions.ByStrictness"/>: KILL_PROCESS,
    /// KILL_THREAD/KILL, TRAP, ERRNO, NOTIFY, TRACE, LOG, ALLOW); with ERRNO, the smallest defaultErrnoRet among the
    /// ERRNO inputs (1, EPERM, when none says). Architectures are the sorted union. Empty input gives an
    /// ERRNO/EPERM profile that allows nothing. When that default lets calls run (every input allows by default:
    /// deny-lists), the inputs' explicit denials are kept, except for names another input explicitly allows: a
    /// deny-list's denials are deliberate, and a profile that only allows by default says nothing about them (merging
    /// must not turn a hardened profile into an allow-all one).
    /// </summary>
    public static SeccompProfile Merge(IEnumerable<SeccompProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var inputs = profiles.ToList();
        var defaultAction = inputs.Count == 0
            ? SeccompActions.Errno
            : inputs.Select(p => p.DefaultAction).OrderBy(SeccompActions.Strictness).ThenBy(a => a, StringComparer.Ordinal).First();

        uint? errno = null;
        if (string.Equals(defaultAction, SeccompActions.Errno, StringComparison.Ordinal))
        {
            errno = inputs
                .Where(p => string.Equals(p.DefaultAction, SeccompActions.Errno, StringComparison.Ordinal) && p.DefaultErrnoRet is not null)
                .Select(p => p.DefaultErrnoRet)
                .Min() ?? 1;
        }

        var unconditional = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var profile in inputs)
        {
            unconditional.UnionWith(SeccompDiff.AllowedNames(profile, unconditionalOnly: true));
        }

        var rules = new List<SeccompRule>();
        if (unconditional.Count > 0)
        {
            rules.Add(new SeccompRule([.. unconditional], SeccompActions.Allow));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Keep(IEnumerable<SeccompRule> candidates)
        {
            foreach (var rule in candidates)
            {
                var names = rule.Names.Where(n => !unconditional.Contains(n)).Order(StringComparer.Ordinal).ToList();
                var key = $"{rule.Action}|{rule.ErrnoRet}|{SeccompProfileWriter.ArgsKey(rule.Args)}|{string.Join(',', names)}";
                if (names.Count > 0 && seen.Add(key))
                {
                    rules.Add(rule with { Names = names });
                }
            }
        }

        Keep(inputs.SelectMany(p => p.Syscalls).Where(r => r.HasArgs && SeccompActions.Permits(r.Action)));
        if (SeccompActions.Permits(defaultAction))
        {
            Keep(inputs.SelectMany(p => p.Syscalls).Where(r => !SeccompActions.Permits(r.Action)));
        }

        return new SeccompProfile
        {
            DefaultAction = defaultAction,
            DefaultErrnoRet = errno,
            Architectures = [.. inputs.SelectMany(p => p.Architectures).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Syscalls = SeccompProfileWriter.Sorted(rules),
        };
    }
}
