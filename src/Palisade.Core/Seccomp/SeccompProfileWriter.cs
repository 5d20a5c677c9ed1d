using System.Text;
using System.Text.Json;

namespace Palisade.Core.Seccomp;

/// <summary>
/// Writes a profile as OCI JSON, byte-for-byte deterministic: 2-space indent, <c>\n</c> line ends, fields in
/// spec order, names sorted within each rule and rules sorted (action, errnoRet, args, first name). Architectures
/// keep their order because runtimes list the native ABI first. Optional fields are omitted when null.
/// </summary>
public static class SeccompProfileWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n" };

    public static string Write(SeccompProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("defaultAction", profile.DefaultAction);
            if (profile.DefaultErrnoRet is { } errno)
            {
                writer.WriteNumber("defaultErrnoRet", errno);
            }

            writer.WriteStartArray("architectures");
            foreach (var architecture in profile.Architectures)
            {
                writer.WriteStringValue(architecture);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("syscalls");
            foreach (var rule in Sorted(profile.Syscalls))
            {
                WriteRule(writer, rule);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Rules with sorted names, in the writer's order.</summary>
    internal static IReadOnlyList<SeccompRule> Sorted(IEnumerable<SeccompRule> rules) =>
        [.. rules
            .Select(r => r with { Names = [.. r.Names.Order(StringComparer.Ordinal)] })
            .OrderBy(r => r.Action, StringComparer.Ordinal)
            .ThenBy(r => r.ErrnoRet ?? 0)
            .ThenBy(r => ArgsKey(r.Args), StringComparer.Ordinal)
            .ThenBy(r => r.Names.Count == 0 ? string.Empty : r.Names[0], StringComparer.Ordinal)];

    /// <summary>A stable text form of a rule's conditions, for ordering and equality.</summary>
    internal static string ArgsKey(IReadOnlyList<SeccompArg>? args) =>
        args is null ? string.Empty : string.Join(';', args.Select(a => FormattableString.Invariant($"{a.Index:D2},{a.Op},{a.Value:D20},{a.ValueTwo}")));

    private static void WriteRule(Utf8JsonWriter writer, SeccompRule rule)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("names");
        foreach (var name in rule.Names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteString("action", rule.Action);
        if (rule.ErrnoRet is { } errno)
        {
            writer.WriteNumber("errnoRet", errno);
        }

        if (rule.HasArgs)
        {
            writer.WriteStartArray("args");
            foreach (var arg in rule.Args!)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", arg.Index);
                writer.WriteNumber("value", arg.Value);
                if (arg.ValueTwo is { } two)
                {
                    writer.WriteNumber("valueTwo", two);
                }

                writer.WriteString("op", arg.Op);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
