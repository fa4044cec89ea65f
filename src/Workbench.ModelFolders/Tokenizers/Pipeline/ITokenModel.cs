namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>A token a model found in one pre-tokenized piece: its id, its string, and its range of the piece's units.</summary>
internal readonly record struct ModelToken(int Id, string Value, int Start, int End);

/// <summary>The model of a tokenizer.json (BPE, Unigram or WordPiece): turns one pre-tokenized piece into tokens.</summary>
internal interface ITokenModel
{
    List<ModelToken> Tokenize(string piece);

    string? IdToToken(int id);

    int? TokenToId(string token);
}
