using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Policy.Testing;

/// <summary>
/// Reads <c>palisade-test.yaml</c> files (kind <c>PolicyTest</c>). The first problem found ends the read with a
/// <see cref="PolicyTestException"/> naming the file, line and column.
/// </summary>
public static class PolicyTestReader
{
    public const string FileName = "palisade-test.yaml";
    public const string Kind = "PolicyTest";

    private static readonly string[] TopFields = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] SpecFields = ["policy", "resources", "results"];
    private static readonly string[] ResultFields = ["resource", "tier", "runtimeClass", "allowed"];

    /// <summary>Every <c>palisade-test.yaml</c> under <paramref name="directory"/> (or the file itself), in path order.</summary>
    public static IReadOnlyList<string> Find(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
        {
            return [directory];
        }

        if (!Directory.Exists(directory))
        {
            throw new PolicyTestException($"{directory}: no such file or directory");
        }

        var files = Directory.GetFiles(directory, FileName, SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files.Length > 0 ? files : throw new PolicyTestException($"{directory}: no {FileName} found");
    }

    public static PolicyTestSuite Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var set = ManifestLoader.Load([path]);
        if (set.Diagnostics.Count > 0)
        {
            var d = set.Diagnostics[0];
            throw PolicyTestException.At(d.Source, d.Position.Line, d.Position.Column, d.Message);
        }

        if (set.Objects.Count != 1)
        {
            var at = set.Objects.Count > 1 ? set.Objects[1].Position : new SourcePosition(1, 1);
            throw PolicyTestException.At(path, at.Line, at.Column, $"a test file holds one {Kind}; found {set.Objects.Count} objects");
        }

        var obj = set.Objects[0];
        Fields(obj, obj.Body, "", TopFields);
        if (obj.ApiVersion != PolicyReader.ApiVersion)
        {
            throw Problem(obj, "/apiVersion", $"apiVersion must be {PolicyReader.ApiVersion}");
        }

        if (obj.Kind != Kind)
        {
            throw Problem(obj, "/kind", $"kind must be {Kind}");
        }

        if (obj.Body["spec"] is not JsonObject spec)
        {
            throw Problem(obj, "/spec", "spec must be a mapping");
        }

        Fields(obj, spec, "/spec", SpecFields);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var policy = spec["policy"] is null ? null : InputPath(obj, folder, spec["policy"], "/spec/policy", "policy");
        var resources = List(obj, spec["resources"], "/spec/resources")
            .Select((node, i) => InputPath(obj, folder, node, $"/spec/resources/{i}", "resource file"))
            .ToList();
        var cases = List(obj, spec["results"], "/spec/results").Select((node, i) => Case(obj, node, $"/spec/results/{i}")).ToList();
        return new PolicyTestSuite(path, obj.Name ?? Path.GetFileName(folder), policy, resources, cases);
    }

    /// <summary>A file or folder named relative to the test file's folder, which must exist.</summary>
    private static string InputPath(ManifestObject obj, string folder, JsonNode? node, string pointer, string what)
    {
        var name = String(obj, node, pointer, what == "policy" ? "policy" : $"resources[{pointer[(pointer.LastIndexOf('/') + 1)..]}]", required: true)!;
        var full = Path.Combine(folder, name);
        return File.Exists(full) || (what != "policy" && Directory.Exists(full))
            ? full
            : throw Problem(obj, pointer, $"{what} {name}: no such file{(what == "policy" ? "" : " or directory")}");
    }

    private static PolicyTestCase Case(ManifestObject obj, JsonNode? node, string pointer)
    {
        if (node is not JsonObject result)
        {
            throw Problem(obj, pointer, "a result must be a mapping with resource, tier, runtimeClass and allowed");
        }

        Fields(obj, result, pointer, ResultFields);
        var resource = String(obj, result["resource"], pointer + "/resource", "resource", required: true)!;
        var parts = resource.Split('/');
        if (parts.Length is not (2 or 3) || parts.Any(p => p.Length == 0))
        {
            throw Problem(obj, pointer + "/resource", $"resource \"{resource}\" must be Kind/name or Kind/namespace/name");
        }

        if (result["allowed"] is not JsonValue allowed || allowed.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Problem(obj, pointer + "/allowed", "allowed must be true or false");
        }

        var at = obj.Locate(pointer);
        return new PolicyTestCase(resource, at.Line, at.Column, String(obj, result["tier"], pointer + "/tier", "tier", required: false), RuntimeClass(obj, result, pointer + "/runtimeClass"), allowed.GetValue<bool>());
    }

    /// <summary>The expected class: absent is not checked (null); <c>""</c> or <c>null</c> expects none (<c>""</c>).</summary>
    private static string? RuntimeClass(ManifestObject obj, JsonObject result, string pointer)
    {
        if (!result.TryGetPropertyValue("runtimeClass", out var node))
        {
            return null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw Problem(obj, pointer, "runtimeClass must be a string (\"\" for none)"),
        };
    }

    private static List<JsonNode?> List(ManifestObject obj, JsonNode? node, string pointer) =>
        node is JsonArray array && array.Count > 0 ? [.. array] : throw Problem(obj, pointer, $"{pointer[(pointer.LastIndexOf('/') + 1)..]} must be a non-empty list");

    private static string? String(ManifestObject obj, JsonNode? node, string pointer, string name, bool required)
    {
        if (node is null && !required)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
            ? s
            : throw Problem(obj, pointer, $"{name} must be a non-empty string");
    }

    private static void Fields(ManifestObject obj, JsonObject node, string pointer, string[] known)
    {
        foreach (var (name, _) in node)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Problem(obj, $"{pointer}/{name}", $"unknown field \"{name}\" (expected {string.Join(", ", known)})");
            }
        }
    }

    private static PolicyTestException Problem(ManifestObject obj, string pointer, string message)
    {
        var at = obj.Locate(pointer);
        return PolicyTestException.At(obj.Source, at.Line, at.Column, message);
    }
}
