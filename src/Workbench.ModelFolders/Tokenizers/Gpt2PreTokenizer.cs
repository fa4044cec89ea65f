using System.Text.RegularExpressions;

namespace Workbench.ModelFolders.Tokenizers;

/// <summary>
/// GPT-2's pre-tokenizer (Hugging Face's ByteLevel with <c>use_regex</c>): splits text into the words BPE merges
/// within, each keeping its leading space (" pens"), so no merge ever crosses a word boundary.
/// </summary>
public static partial class Gpt2PreTokenizer
{
    /// <summary>The GPT-2 split pattern, as transformers' ByteLevel pre-tokenizer uses it.</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The words of <paramref name="text"/>, in order; concatenated they give the text back.</summary>
    public static IEnumerable<string> Split(string text) => Regex().Matches(text).Select(m => m.Value);

    [GeneratedRegex(Pattern)]
    private static partial Regex Regex();
}
