using System.Text;

namespace Palisade.Core.Manifests;

/// <summary>
/// Loads Kubernetes manifests from files, folders and standard input. Never throws on bad input: every problem is a
/// <see cref="ManifestDiagnostic"/>, and the rest of the input is still loaded.
/// </summary>
public static class ManifestLoader
{
    public const string StdinSource = "<stdin>";

    /// <summary>
    /// Loads <paramref name="paths"/> in order: files, folders (recursively, their <c>.yaml</c>, <c>.yml</c> and
    /// <c>.json</c> files in ordinal order, hidden folders skipped), and <c>-</c> for <paramref name="stdin"/>.
    /// </summary>
    public static ManifestSet Load(IReadOnlyList<string> paths, TextReader? stdin = null, ManifestLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= ManifestLoaderOptions.Default;

        var inputs = new List<Input>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(Input.FromText(StdinSource, ReadStdin(stdin, options.MaxFileBytes)));
            }
            else if (Directory.Exists(path))
            {
                var problems = new List<(string Path, string Problem)>();
                foreach (var file in InputFolder.Files(path, problems))
                {
                    inputs.Add(Input.FromFile(file));
                }

                inputs.AddRange(problems.Select(p => new Input(p.Path, null, p.Problem)));
            }
            else if (File.Exists(path))
            {
                inputs.Add(Input.FromFile(path));
            }
            else
            {
                inputs.Add(Input.Missing(path));
            }
        }

        // Sequential on purpose: YamlDotNet's parser shares pooled buffers between threads, and parsing files in
        // parallel measured two to three times slower on two cores than one file after another.
        var results = new InputResult[inputs.Count];
        var run = new AliasBudget.Run(options.MaxAliasNodesPerRun);
        for (var i = 0; i < inputs.Count; i++)
        {
            results[i] = LoadInput(inputs[i], options, run);
        }

        var objects = new List<ManifestObject>();
        var diagnostics = new List<ManifestDiagnostic>();
        var files = 0;
        foreach (var result in results)
        {
            objects.AddRange(result.Objects);
            diagnostics.AddRange(result.Diagnostics);
            files += result.Counted ? 1 : 0;
        }

        return new ManifestSet(objects, diagnostics, files);
    }

    /// <summary>Loads manifest text (YAML, or JSON, which is read as YAML flow syntax) named <paramref name="source"/>.</summary>
    public static ManifestSet LoadText(string source, string text) => LoadText(source, text, ManifestLoaderOptions.Default);

    public static ManifestSet LoadText(string source, string text, ManifestLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var result = LoadInput(Input.FromText(source, new StdinText(text, null)), options, new AliasBudget.Run(options.MaxAliasNodesPerRun));
        return new ManifestSet(result.Objects, result.Diagnostics, 1);
    }

    private static InputResult LoadInput(Input input, ManifestLoaderOptions options, AliasBudget.Run run)
    {
        var objects = new List<ManifestObject>();
        var diagnostics = new List<ManifestDiagnostic>();
        if (input.Error is not null)
        {
            diagnostics.Add(new(input.Source, SourcePosition.Unknown, input.Error));
            return new(objects, diagnostics, input.Text is not null);
        }

        var text = input.Text?.Text ?? ReadFile(input.Source, options, diagnostics);
        if (text is null)
        {
            return new(objects, diagnostics, true);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        YamlManifestReader.Read(input.Source, text, options, new AliasBudget(options.MaxAliasNodes, run), objects, diagnostics);
        return new(objects, diagnostics, true);
    }

    private static string? ReadFile(string path, ManifestLoaderOptions options, List<ManifestDiagnostic> diagnostics)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > options.MaxFileBytes)
            {
                diagnostics.Add(new(path, SourcePosition.Unknown, InputDecoder.SizeError(length, options.MaxFileBytes)));
                return null;
            }

            // Bounded again while reading: a device or pipe reports no length.
            var bytes = Files.BoundedRead.File(path, options.MaxFileBytes);
            var text = InputDecoder.Decode(bytes, out var error);
            if (error is not null)
            {
                diagnostics.Add(new(path, SourcePosition.Unknown, error));
            }

            return text;
        }
        catch (Files.InputTooLargeException)
        {
            diagnostics.Add(new(path, SourcePosition.Unknown, InputDecoder.SizeError(options.MaxFileBytes + 1, options.MaxFileBytes)));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new(path, SourcePosition.Unknown, "cannot read: " + ex.Message.ReplaceLineEndings(" ")));
            return null;
        }
    }

    private static StdinText ReadStdin(TextReader? stdin, long limit)
    {
        if (stdin is null)
        {
            return new("", "standard input is not available");
        }

        var sb = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        try
        {
            while ((read = stdin.ReadBlock(buffer, 0, buffer.Length)) > 0)
            {
                sb.Append(buffer, 0, read);
                if (sb.Length > limit)
                {
                    return new("", InputDecoder.SizeError(sb.Length, limit).Replace("file", "input", StringComparison.Ordinal));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new("", "cannot read standard input: " + ex.Message.ReplaceLineEndings(" "));
        }

        return new(sb.ToString(), null);
    }

    private sealed record StdinText(string Text, string? Error);

    private sealed record Input(string Source, StdinText? Text, string? Error)
    {
        public static Input FromFile(string path) => new(path, null, null);

        public static Input FromText(string source, StdinText text) => new(source, text, text.Error);

        public static Input Missing(string path) => new(path, null, "no such file or directory");
    }

    private sealed record InputResult(List<ManifestObject> Objects, List<ManifestDiagnostic> Diagnostics, bool Counted);
}
