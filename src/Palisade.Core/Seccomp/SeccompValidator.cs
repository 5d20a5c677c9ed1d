namespace Palisade.Core.Seccomp;

/// <summary>Checks a profile and reports every problem found, in profile order.</summary>
public static class SeccompValidator
{
    /// <summary>Syscalls take at most six arguments (indexes 0 to 5).</summary>
    private const uint MaxArgIndex = 5;

    /// <summary>
    /// Validates <paramref name="profile"/>. Names are checked against <paramref name="architecture"/>'s table when
    /// given, otherwise against the tables of the profile's architectures (a name must exist on at least one;
    /// compat ABIs use their 64-bit host's table), or against every table Palisade has when the profile lists none.
    /// Architectures without a table are not name-checked.
    /// </summary>
    public static IReadOnlyList<SeccompProblem> Validate(SeccompProfile profile, string? architecture = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<SeccompProblem>();

        if (!SeccompActions.IsKnown(profile.DefaultAction))
        {
            problems.Add(new(SeccompProblemCodes.InvalidDefaultAction, $"defaultAction '{profile.DefaultAction}' is not a seccomp action."));
        }

        if (profile.DefaultErrnoRet is not null && !IsErrno(profile.DefaultAction))
        {
            problems.Add(new(SeccompProblemCodes.ErrnoWithoutErrnoAction, $"defaultErrnoRet is set but defaultAction is '{profile.DefaultAction}', not {SeccompActions.Errno}."));
        }

        foreach (var arch in profile.Architectures)
        {
            if (!SeccompArchitectures.IsKnown(arch))
            {
                problems.Add(new(SeccompProblemCodes.UnknownArchitecture, $"Architecture '{arch}' is not an SCMP_ARCH_* name."));
            }
        }

        if (architecture is not null && SyscallTable.For(architecture) is null)
        {
            problems.Add(new(SeccompProblemCodes.UnknownArchitecture, $"No syscall table for architecture '{architecture}'."));
        }

        var tables = TablesFor(profile, architecture);
        var unconditional = new Dictionary<string, (int Rule, string Action, uint? Errno)>(StringComparer.Ordinal);
        var conditional = new Dictionary<(string Name, string Action, string Args), int>();

        for (var i = 0; i < profile.Syscalls.Count; i++)
        {
            var rule = profile.Syscalls[i];
            var actionKnown = SeccompActions.IsKnown(rule.Action);
            if (!actionKnown)
            {
                problems.Add(new(SeccompProblemCodes.InvalidAction, $"Rule {i}: action '{rule.Action}' is not a seccomp action.", i));
            }

            if (rule.ErrnoRet is not null && actionKnown && !IsErrno(rule.Action))
            {
                problems.Add(new(SeccompProblemCodes.ErrnoWithoutErrnoAction, $"Rule {i}: errnoRet is set but the action is '{rule.Action}', not {SeccompActions.Errno}.", i));
            }

            if (rule.Names.Count == 0)
            {
                problems.Add(new(SeccompProblemCodes.EmptyNames, $"Rule {i}: 'names' is empty.", i));
            }

            foreach (var arg in rule.Args ?? [])
            {
                if (!SeccompOps.IsKnown(arg.Op))
                {
                    problems.Add(new(SeccompProblemCodes.InvalidArgOp, $"Rule {i}: argument {arg.Index} has op '{arg.Op}', not an SCMP_CMP_* operator.", i));
                }

                if (arg.Index > MaxArgIndex)
                {
                    problems.Add(new(SeccompProblemCodes.InvalidArgIndex, $"Rule {i}: argument index {arg.Index} is out of range (0 to {MaxArgIndex}).", i));
                }
            }

            var argsKey = SeccompProfileWriter.ArgsKey(rule.Args);
            foreach (var name in rule.Names)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    problems.Add(new(SeccompProblemCodes.EmptyName, $"Rule {i}: a syscall name is empty.", i, name));
                    continue;
                }

                if (tables.Count > 0 && !tables.Any(t => t.Contains(name)))
                {
                    var where = string.Join(", ", tables.Select(t => t.Architecture));
                    problems.Add(new(SeccompProblemCodes.UnknownSyscall, $"Rule {i}: '{name}' is not a syscall on {where}.", i, name));
                }

                if (rule.HasArgs)
                {
                    if (!conditional.TryAdd((name, rule.Action, argsKey), i))
                    {
                        var first = conditional[(name, rule.Action, argsKey)];
                        problems.Add(new(SeccompProblemCodes.DuplicateSyscall, $"Rule {i}: '{name}' is already listed with action {rule.Action} and the same args in rule {first}.", i, name));
                    }

                    continue;
                }

                if (!unconditional.TryAdd(name, (i, rule.Action, rule.ErrnoRet)))
                {
                    var seen = unconditional[name];
                    if (string.Equals(seen.Action, rule.Action, StringComparison.Ordinal) && seen.Errno == rule.ErrnoRet)
                    {
                        var place = seen.Rule == i ? "twice in the same rule" : $"already in rule {seen.Rule}";
                        problems.Add(new(SeccompProblemCodes.DuplicateSyscall, $"Rule {i}: '{name}' with action {rule.Action} is listed {place}.", i, name));
                    }
                    else
                    {
                        problems.Add(new(SeccompProblemCodes.ConflictingRules, $"Rule {i}: '{name}' has action {Describe(rule.Action, rule.ErrnoRet)} but rule {seen.Rule} gives it {Describe(seen.Action, seen.Errno)}, both without args.", i, name));
                    }
                }
            }
        }

        return problems;
    }

    private static bool IsErrno(string action) => string.Equals(action, SeccompActions.Errno, StringComparison.Ordinal);

    private static string Describe(string action, uint? errno) =>
        errno is { } e ? FormattableString.Invariant($"{action} (errnoRet {e})") : action;

    private static List<SyscallTable> TablesFor(SeccompProfile profile, string? architecture)
    {
        IEnumerable<string> names = architecture is not null
            ? [architecture]
            : profile.Architectures.Count > 0 ? profile.Architectures : [SeccompArchitectures.X8664, SeccompArchitectures.Aarch64];
        return [.. names.Select(SyscallTable.For).OfType<SyscallTable>().Distinct()];
    }
}
