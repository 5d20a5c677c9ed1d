using Palisade.Core.Monitoring;

namespace Palisade.Monitor;

/// <summary>Reads the built-in sandbox rules (unless left out) and then the given rules files, which may replace them.</summary>
internal static class RulesFiles
{
    public static RulesLoadResult Load(IReadOnlyList<string> paths, bool builtIn = true)
    {
        var files = new List<(string, string)>();
        if (builtIn)
        {
            using var stream = typeof(RulesFiles).Assembly.GetManifestResourceStream("Palisade.Monitor.sandbox-rules.yaml")!;
            using var reader = new StreamReader(stream);
            files.Add(("sandbox-rules.yaml (built in)", reader.ReadToEnd()));
        }

        foreach (var path in paths)
        {
            try
            {
                files.Add((path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new RulesLoadResult(null, [new RuleDiagnostic(path, 0, 0, e.Message)]);
            }
        }

        return RulesLoader.Load(files);
    }

    /// <summary>A stamp that changes when any of the files changes.</summary>
    public static string Stamp(IReadOnlyList<string> paths) =>
        string.Join('|', paths.Select(p => File.Exists(p) ? $"{File.GetLastWriteTimeUtc(p).Ticks}:{new FileInfo(p).Length}" : "missing"));
}
