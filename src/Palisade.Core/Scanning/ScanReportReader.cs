using System.Text.Json;

namespace Palisade.Core.Scanning;

/// <summary>
/// Reads a trivy (<c>-f json</c>, SchemaVersion 2) or grype (<c>-o json</c>) report, told apart by shape: a top-level
/// <c>SchemaVersion</c> is trivy, a top-level <c>matches</c> list is grype. Never throws on input: malformed JSON,
/// an unknown shape or an unsupported schema version come back as one <see cref="ScanProblem"/>.
/// </summary>
public static class ScanReportReader
{
    public static ScanReadResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(path, 0, 0, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }

        return Read(path, bytes);
    }

    public static ScanReadResult Read(string source, ReadOnlyMemory<byte> json)
    {
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? -1) + 1;
            var column = (int)(ex.BytePositionInLine ?? -1) + 1;
            var what = json.Length == 0 ? "empty file; expected a trivy or grype JSON report" : $"not valid JSON ({FirstSentence(ex.Message)})";
            return Fail(source, line, line > 0 ? column : 0, what);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(source, 1, 1, "unknown report shape: expected a JSON object from trivy -f json or grype -o json");
            }

            if (root.TryGetProperty("SchemaVersion", out var schema))
            {
                if (schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out var version) || version != 2)
                {
                    return Fail(source, 0, 0, $"trivy report SchemaVersion {schema.GetRawText()} is not supported (only 2, trivy 0.20 and later)");
                }

                return new ScanReadResult(TrivyReportReader.Read(source, root), null);
            }

            if (root.TryGetProperty("matches", out var matches))
            {
                if (matches.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                {
                    return Fail(source, 0, 0, "grype report: \"matches\" must be a list");
                }

                return new ScanReadResult(GrypeReportReader.Read(source, root), null);
            }

            return Fail(source, 1, 1, "unknown report shape: neither trivy -f json (SchemaVersion) nor grype -o json (matches)");
        }
    }

    private static ScanReadResult Fail(string source, int line, int column, string message) =>
        new(null, new ScanProblem(source, line, column, message));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
