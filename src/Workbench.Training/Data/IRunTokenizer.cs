namespace Workbench.Training.Data;

/// <summary>
/// What the trainer needs of a run's tokenizer, whichever it is: the built-in word vocabularies (<see cref="WordTokenizer"/>)
/// or a Hugging Face model folder's (<see cref="HuggingFaceRunTokenizer"/>). Datasets are tokenised before training starts;
/// during training only ids, padding, end of sequence and token strings (for the heatmaps) are needed.
/// </summary>
public interface IRunTokenizer
{
    /// <summary>Identifies the vocabulary; stored with checkpoints, and equal ids mean equal id-to-token maps.</summary>
    string Id { get; }

    /// <summary>Ids are below this (the model's logits may have more columns).</summary>
    int VocabSize { get; }

    int PadId { get; }

    /// <summary>Ends a response; greedy decoding stops at it.</summary>
    int EosId { get; }

    /// <summary>Ids of a piece of text, without any special token added (answers, distractor numbers).</summary>
    int[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/>; one id gives one token's string, as the heatmaps show it.</summary>
    string Decode(IEnumerable<int> ids);
}
