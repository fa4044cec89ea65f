using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// The decoders of tokenizer.json, each turning the list of token strings into a new list (the library's decode_chain);
/// the text is their concatenation. Sequence, ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, WordPiece and
/// BPEDecoder are supported.
/// </summary>
internal static class Decoders
{
    private static readonly Dictionary<char, byte> s_byteOf =
        ByteLevelAlphabet.Characters.Select((c, b) => (c, b)).ToDictionary(x => x.c, x => (byte)x.b);

    public static Func<List<string>, List<string>>? Create(JsonNode? node)
    {
        if (node is null) return null;
        switch (Type(node))
        {
            case "Sequence":
                var steps = Items(node, "decoders").Select(n => Create(n)!).ToList();
                return tokens => steps.Aggregate(tokens, (t, step) => step(t));
            case "ByteLevel":
                return ByteLevel;
            case "Metaspace":
                var replacement = (String(node, "replacement") ?? "▁")[0];
                var scheme = String(node, "prepend_scheme") ?? (Bool(node, "add_prefix_space", true) ? "always" : "never");
                return tokens => [.. tokens.Select((t, i) => string.Concat(t.Select(c =>
                    c != replacement ? c.ToString() : i == 0 && scheme != "never" ? "" : " ")))];
            case "Replace":
                var pattern = Pattern(node["pattern"], "Replace decoder");
                var content = String(node, "content") ?? "";
                return tokens => [.. tokens.Select(t => AlignedText.Original(t, 0, t.Length).Replace(pattern.Matches(t).Where(m => m.End > m.Start), _ => content).Text)];
            case "ByteFallback":
                return ByteFallback;
            case "Fuse":
                return tokens => [string.Concat(tokens)];
            case "Strip":
                var strip = (String(node, "content") ?? " ")[0];
                var (start, stop) = (Int(node, "start", 0), Int(node, "stop", 0));
                return tokens => [.. tokens.Select(t => Strip(t, strip, start, stop))];
            case "WordPiece":
                var prefix = String(node, "prefix") ?? "##";
                var cleanup = Bool(node, "cleanup", true);
                return tokens => [.. tokens.Select((t, i) =>
                {
                    if (i != 0) t = t.StartsWith(prefix, StringComparison.Ordinal) ? t[prefix.Length..] : " " + t;
                    return cleanup ? Cleanup(t) : t;
                })];
            case "BPEDecoder":
                var suffix = String(node, "suffix") ?? "</w>";
                return tokens => [.. tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? "" : " ", StringComparison.Ordinal))];
            default:
                throw Unsupported("decoder", node);
        }
    }

    // Each token's characters back to bytes (a token with a character outside the alphabet keeps its own UTF-8), then
    // the bytes as UTF-8 with invalid sequences replaced.
    private static List<string> ByteLevel(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (token.All(s_byteOf.ContainsKey)) bytes.AddRange(token.Select(c => s_byteOf[c]));
            else bytes.AddRange(Encoding.UTF8.GetBytes(token));
        }
        return [Encoding.UTF8.GetString([.. bytes])];
    }

    // Runs of <0xAB> tokens become their UTF-8 text, or one U+FFFD per byte when they are not valid UTF-8.
    private static List<string> ByteFallback(List<string> tokens)
    {
        var result = new List<string>();
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count == 0) return;
            try { result.Add(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. pending])); }
            catch (DecoderFallbackException) { result.AddRange(Enumerable.Repeat("\uFFFD", pending.Count)); }
            pending.Clear();
        }
        foreach (var token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                pending.Add(b);
                continue;
            }
            Flush();
            result.Add(token);
        }
        Flush();
        return result;
    }

    private static string Strip(string token, char content, int start, int stop)
    {
        var (from, to) = (0, token.Length);
        while (from < Math.Min(start, token.Length) && token[from] == content) from++;
        while (token.Length - to < stop && to > from && token[to - 1] == content) to--;
        return token[from..to];
    }

    private static string Cleanup(string text) => text.Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",")
        .Replace(" ' ", "'").Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" do not", " don't").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}
