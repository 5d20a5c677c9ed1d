using System.Text;
using Palisade.Sandbox.Assessing;

namespace Palisade.Cli.Output;

/// <summary>The <c>--out</c> folder of <c>assess</c>: refused when it holds anything Palisade did not write there.</summary>
internal static class ReportFolder
{
    /// <summary>Refuses a folder holding anything Palisade did not write there, unless forced.</summary>
    public static void EnsureWritable(string folder, bool force)
    {
        if (File.Exists(folder))
        {
            throw new UsageException($"{folder}: is a file; --out needs a folder");
        }

        if (!Directory.Exists(folder) || force)
        {
            return;
        }

        var foreign = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(n => !AssessmentReportFiles.Names.Contains(n)).ToList();
        if (foreign.Count > 0)
        {
            throw new UsageException($"{folder}: holds files Palisade did not write ({string.Join(", ", foreign.Take(3))}); choose another --out or use --force");
        }
    }

    public static void Write(string folder, IEnumerable<ReportFile> files)
    {
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(false);
        foreach (var file in files)
        {
            ReportSink.WriteFileAtomically(Path.Combine(folder, file.Name), s => s.Write(utf8.GetBytes(file.Content.TrimEnd('\n') + "\n")));
        }
    }
}
