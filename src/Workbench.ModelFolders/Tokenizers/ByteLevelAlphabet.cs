using System.Text;

namespace Workbench.ModelFolders.Tokenizers;

/// <summary>
/// GPT-2's <c>bytes_to_unicode</c>: each of the 256 byte values gets one printable character, so a BPE over bytes can
/// be stored as JSON strings. Printable Latin-1 bytes map to themselves; the rest (controls, space, …) move to U+0100
/// upwards in byte order, which is why a leading space shows as "Ġ" (U+0120).
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildMap();

    /// <summary>The 256 characters, in byte order (index = byte value).</summary>
    public static IReadOnlyList<char> Characters => s_byteToChar;

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its alphabet character.</summary>
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = s_byteToChar[bytes[i]];
        return new string(chars);
    }

    private static char[] BuildMap()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++) map[b] = Printable(b) ? (char)b : (char)next++;
        return map;
    }
}
