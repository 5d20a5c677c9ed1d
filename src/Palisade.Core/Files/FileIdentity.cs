using System.Runtime.InteropServices;

namespace Palisade.Core.Files;

/// <summary>What a path or an open descriptor is on disk: device, inode and type, as <c>statx(2)</c> reports them.</summary>
public readonly partial record struct FileIdentity(ulong Device, ulong Inode, FileIdentity.NodeType Type)
{
    public enum NodeType
    {
        Regular,
        Directory,
        CharDevice,
        BlockDevice,
        Fifo,
        Socket,
        Symlink,
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The node a path names, following symbolic links; null when nothing is there.</summary>
    public static FileIdentity? Of(string path) => Stat(AtFdCwd, path, 0);

    /// <summary>The node a path names without following a final symbolic link.</summary>
    public static FileIdentity? OfLink(string path) => Stat(AtFdCwd, path, AtSymlinkNoFollow);

    /// <summary>What an open descriptor (0 for standard input) refers to.</summary>
    public static FileIdentity? OfDescriptor(int fd) => Stat(fd, "", AtEmptyPath);

    public static string Describe(NodeType type) => type switch
    {
        NodeType.Regular => "a regular file",
        NodeType.Directory => "a folder",
        NodeType.CharDevice => "a character device",
        NodeType.BlockDevice => "a block device",
        NodeType.Fifo => "a FIFO",
        NodeType.Socket => "a socket",
        _ => "a symbolic link",
    };

    public bool SameNode(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    private static FileIdentity? Stat(int dirfd, string path, int flags)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        if (Native.Statx(dirfd, path, flags, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer, 28);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        var type = (mode & 0xF000) switch
        {
            0x4000 => NodeType.Directory,
            0x2000 => NodeType.CharDevice,
            0x6000 => NodeType.BlockDevice,
            0x1000 => NodeType.Fifo,
            0xC000 => NodeType.Socket,
            0xA000 => NodeType.Symlink,
            _ => NodeType.Regular,
        };
        return new FileIdentity(device, inode, type);
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
