namespace Workbench.Training.Data.Bpe;

/// <summary>A trained byte-level BPE: the tokens in id order (the 256 byte characters first) and the merges in rank order.</summary>
/// <param name="Tokens">Token strings in the byte-level alphabet; a token's id is its index.</param>
/// <param name="Merges">Pairs merged during training, first merged first; each result is in <paramref name="Tokens"/>.</param>
public sealed record ByteLevelBpe(IReadOnlyList<string> Tokens, IReadOnlyList<(string Left, string Right)> Merges)
{
    /// <summary>Number of BPE tokens (ids 0..Count-1); added special tokens come after.</summary>
    public int Count => Tokens.Count;
}
