namespace Palisade.Sandbox;

/// <summary>Where the sandbox layer keeps state it may reuse between runs (for example the runsc compatibility table).</summary>
public static class SandboxPaths
{
    /// <summary><c>$XDG_CACHE_HOME/palisade</c>, else <c>~/.cache/palisade</c>.</summary>
    public static string CacheDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "palisade");
        }
    }
}
