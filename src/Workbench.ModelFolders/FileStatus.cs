using System.Runtime.InteropServices;

namespace Workbench.ModelFolders;

/// <summary>
/// The kind and size of a file, read with stat(2) before it is opened: .NET reports a FIFO or a device as an ordinary
/// file, and opening a FIFO blocks until a writer appears. Uses the runtime's own native shim (libSystem.Native, which
/// every .NET process on Linux and macOS has loaded), whose status record starts with flags, mode, uid, gid and size on
/// every architecture.
/// </summary>
internal static class FileStatus
{
    public const string RegularFile = "regular file";

    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000,
                      Regular = 0x8000, SymbolicLink = 0xA000, Socket = 0xC000;

    /// <summary>What <paramref name="path"/> is after following links ("regular file", "FIFO", ...), and its size in bytes; null when it does not exist.</summary>
    public static (string Kind, long Size)? Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            return info.Exists ? (RegularFile, info.Length) : System.IO.Directory.Exists(path) ? ("directory", 0) : null;
        }
        if (Stat(path, out var status) != 0) return null;
        var kind = (status.Mode & TypeMask) switch
        {
            Regular => RegularFile,
            Directory => "directory",
            Fifo => "FIFO",
            CharacterDevice => "character device",
            BlockDevice => "block device",
            Socket => "socket",
            SymbolicLink => "symbolic link",
            _ => "special file",
        };
        return (kind, status.Size);
    }

    // The leading fields of the runtime's FileStatus record (pal_io.h); the rest of it fits in the padding.
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct Status
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
    }

    // DllImport, not LibraryImport: the generated stub needs unsafe code, which this project does not otherwise allow.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out Status output);
}
