using System.Globalization;

namespace Palisade.Sandbox.Images;

/// <summary>Turns an image's User (uid, uid:gid, name, name:group) into numbers using the rootfs's own passwd and group files.</summary>
internal static class UserResolver
{
    public static (uint Uid, uint Gid) Resolve(string? user, string rootfs)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return (0, 0);
        }

        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? user : user[..colon];
        var groupPart = colon < 0 ? null : user[(colon + 1)..];

        var passwd = Table(rootfs, "etc/passwd");
        uint uid;
        uint? primaryGid = null;
        if (uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
        {
            var row = passwd?.FirstOrDefault(r => r.Length > 3 && r[2] == userPart);
            primaryGid = row is null ? null : ParseId(row[3]);
        }
        else
        {
            if (passwd is null)
            {
                throw new BundleException($"image user '{user}': user name given but the image has no /etc/passwd");
            }

            var row = passwd.FirstOrDefault(r => r.Length > 3 && r[0] == userPart)
                ?? throw new BundleException($"image user '{user}': no user '{userPart}' in the image's /etc/passwd");
            uid = ParseId(row[2]) ?? throw new BundleException($"image user '{user}': bad uid in /etc/passwd");
            primaryGid = ParseId(row[3]);
        }

        if (string.IsNullOrEmpty(groupPart))
        {
            return (uid, primaryGid ?? 0);
        }

        if (uint.TryParse(groupPart, NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            return (uid, gid);
        }

        var groups = Table(rootfs, "etc/group")
            ?? throw new BundleException($"image user '{user}': group name given but the image has no /etc/group");
        var group = groups.FirstOrDefault(r => r.Length > 2 && r[0] == groupPart)
            ?? throw new BundleException($"image user '{user}': no group '{groupPart}' in the image's /etc/group");
        return (uid, ParseId(group[2]) ?? throw new BundleException($"image user '{user}': bad gid in /etc/group"));
    }

    private static List<string[]>? Table(string rootfs, string relative) =>
        RootfsPath.ReadTextNoFollow(rootfs, relative)?
            .Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'))
            .ToList();

    private static uint? ParseId(string text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
