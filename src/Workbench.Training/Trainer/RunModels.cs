using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// What a run reads before it trains: the teacher and the student's starting point (workbench checkpoints or Hugging Face
/// folders), and the dataset tokenised for them (the built-in word vocabulary, or the Hugging Face folder's tokenizer and chat template).
/// </summary>
/// <param name="Data">The splits, tokenised for the models.</param>
/// <param name="Teacher">The teacher to load, when the run has one.</param>
/// <param name="StudentStart">The checkpoint the student starts from (resumed, or given); null = fresh initialisation.</param>
/// <param name="TokenizerFolder">The Hugging Face folder whose tokenizer the run uses (copied next to the saved student); null for word vocabularies.</param>
public sealed record RunModels(DatasetSplits Data, ModelSource? Teacher, ModelSource? StudentStart, string? TokenizerFolder)
{
    /// <summary>
    /// The dataset as the teacher tokenizes it, when that differs from <see cref="Data"/> (a teacher with another tokenizer, for
    /// cross-tokenizer terms); null when the teacher reads <see cref="Data"/> or there is no teacher.
    /// </summary>
    public DatasetSplits? TeacherData { get; init; }

    /// <summary>The oracle of the teacher-hacking diagnostics, when the run names one and its file was given.</summary>
    public ModelSource? Oracle { get; init; }

    /// <summary>The splits the teacher reads: <see cref="TeacherData"/>, else <see cref="Data"/>.</summary>
    public DatasetSplits TeacherView => TeacherData ?? Data;

    /// <summary>Describes the models of <paramref name="options"/> and loads the dataset, tokenised for them.</summary>
    /// <exception cref="ArgumentException">A needed path is missing.</exception>
    public static RunModels Prepare(RunConfig config, TrainingOptions options)
    {
        var teacher = config.Teacher is not null && options.TeacherCheckpointPath is { } teacherPath ? Describe(teacherPath, "teacher") : null;
        var studentPath = options.ResumeFrom is { } folder ? Path.Combine(folder, GptCheckpoint.FileName) : options.StudentInitPath;
        var student = studentPath is null ? null : Describe(studentPath, options.ResumeFrom is null ? "student" : "resumed student");
        var words = LoadDataset(config.Dataset, options);
        var oracle = config.Oracle is not null && options.OracleCheckpointPath is { } oraclePath ? Describe(oraclePath, "oracle") : null;

        // A Hugging Face model brings its tokenizer: the student's when it is one (it is what gets saved), else the teacher's.
        var vocabularyModel = student is { IsHuggingFace: true } ? student : teacher is { IsHuggingFace: true } ? teacher : null;
        if (vocabularyModel?.HuggingFaceFolder is not { } tokenizerFolder)
            return new RunModels(words, teacher, student, null) { TeacherData = TeacherSplits(teacher, words, words), Oracle = oracle };
        var tokenizer = HuggingFaceRunTokenizer.Load(tokenizerFolder, vocabularyModel.Shape.VocabSize, ChatPromptFormat.Of(tokenizerFolder));
        var data = HuggingFaceSplits.From(words, tokenizer);
        return new RunModels(data, teacher, student, tokenizerFolder) { TeacherData = TeacherSplits(teacher, data, words), Oracle = oracle };
    }

    // The teacher's own tokenization of the dataset when it is not the run's: its folder's tokenizer, or the dataset's word
    // vocabulary for a workbench checkpoint. A word-level teacher of another vocabulary is left to the compatibility check.
    private static DatasetSplits? TeacherSplits(ModelSource? teacher, DatasetSplits data, DatasetSplits words)
    {
        if (teacher is null || teacher.TokenizerId == data.Tokenizer.Id) return null;
        if (teacher.HuggingFaceFolder is { } folder)
            return HuggingFaceSplits.From(words, HuggingFaceRunTokenizer.Load(folder, teacher.Shape.VocabSize, ChatPromptFormat.Of(folder)));
        return teacher.TokenizerId == words.Tokenizer.Id ? words : null;
    }

    /// <summary>A built-in dataset by name, or an imported one from <see cref="TrainingOptions.DatasetPath"/>.</summary>
    internal static DatasetSplits LoadDataset(string dataset, TrainingOptions options)
    {
        if (!Workbench.Experiments.Datasets.DatasetRefs.IsImported(dataset)) return BuiltInDataCatalog.Load(dataset);
        if (options.DatasetPath is not { } path || !File.Exists(path))
            throw new ArgumentException($"Dataset '{dataset}' is imported, but its exported file was not given or does not exist.", nameof(options));
        return TextDatasetSplits.From(TextDataset.LoadAsync(path).GetAwaiter().GetResult());
    }

    /// <summary>The student: loaded from <see cref="StudentStart"/> when there is one, else a fresh GPT shaped by the config.</summary>
    public ICausalLanguageModel CreateStudent(RunConfig config, Device device, Generator generator)
    {
        if (StudentStart is { } start)
        {
            // objectives.md §0, vocabulary gate: comparing distributions needs the same ids for the same words.
            if (start.TokenizerId != Data.Tokenizer.Id || start.Shape.VocabSize < Data.Tokenizer.VocabSize)
                throw new InvalidOperationException(
                    $"The student uses tokenizer '{start.TokenizerId}' (V = {start.Shape.VocabSize}); this run uses '{Data.Tokenizer.Id}' (V = {Data.Tokenizer.VocabSize}). Teacher, student and dataset need the same vocabulary.");
            CheckContext(start.Context, "student");
            return ModelFiles.Load(start, device);
        }
        var studentConfig = GptConfig.FromModelRef(config.Student, Data.Tokenizer.VocabSize);
        CheckContext(studentConfig.Context, "student");
        var fresh = new Gpt(studentConfig, generator);
        fresh.to(device);
        return fresh;
    }

    /// <summary>The frozen teacher (eval mode, no gradients), after checking it fits the student and the objectives.</summary>
    public ICausalLanguageModel LoadTeacher(ModelShape student, IReadOnlyList<ObjectiveTerm> objectives, Device device)
    {
        var source = Teacher ?? throw new ArgumentException("The run's objectives need a teacher, but no teacher checkpoint path was given.");
        // Vocabulary, layer maps and head counts, before any weight is read (objectives.md §0 vocabulary gate, §4, §5).
        var report = TeacherStudentCompatibility.Check(source.Shape, source.TokenizerId, student, Data.Tokenizer.Id, objectives,
                                                       canReadOwnTokens: TeacherData is not null);
        if (!report.IsCompatible)
            throw new InvalidOperationException($"The teacher does not fit this run: {string.Join("; ", report.Errors)}");
        CheckContext(source.Context, "teacher", TeacherView);
        var loaded = ModelFiles.Load(source, device);
        // Same tokenizer, more embedding rows (a larger sibling's padding): compare over the student's ids.
        var teacher = TeacherData is null && source.Shape.VocabSize > student.VocabSize ? new VocabularyPrefix(loaded, student.VocabSize) : loaded;
        teacher.eval();
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        return teacher;
    }

    /// <summary>
    /// The frozen oracle (eval mode, no gradients): the golden distribution compares with the student's over the same ids, so it
    /// must use the run's tokenizer (refused naming both otherwise) and hold every problem in its context.
    /// </summary>
    public ICausalLanguageModel LoadOracle(ModelShape student, Device device)
    {
        var source = Oracle ?? throw new ArgumentException("oracle: the run names an oracle, but no oracle checkpoint path was given (--oracle).");
        if (source.TokenizerId != Data.Tokenizer.Id || source.Shape.VocabSize < Data.Tokenizer.VocabSize)
            throw new InvalidOperationException(
                $"oracle: the oracle uses tokenizer '{source.TokenizerId}' (V = {source.Shape.VocabSize}); this run uses '{Data.Tokenizer.Id}' (V = {Data.Tokenizer.VocabSize}). The golden metrics need the same tokenizer.");
        CheckContext(source.Context, "oracle");
        var loaded = ModelFiles.Load(source, device);
        var oracle = source.Shape.VocabSize > student.VocabSize ? new VocabularyPrefix(loaded, student.VocabSize) : loaded;
        oracle.eval();
        foreach (var p in oracle.parameters()) p.requires_grad = false;
        return oracle;
    }

    /// <summary>Saves the student as <c>model.safetensors</c> in <paramref name="folder"/> (a Hugging Face folder when it is a Llama-family model).</summary>
    public string SaveStudent(ICausalLanguageModel student, string folder, long step) =>
        ModelFiles.Save(student, folder, Data.Tokenizer.Id, TokenizerFolder, step);

    private void CheckContext(int context, string role, DatasetSplits? data = null)
    {
        data ??= Data;
        var longest = data.Train.Concat(data.Eval).Max(p => p.TokenIds.Length);
        if (context < longest)
            throw new InvalidOperationException($"The {role}'s context ({context}) is shorter than the longest problem ({longest} tokens).");
    }

    private static ModelSource Describe(string path, string role)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"The {role} checkpoint '{path}' does not exist.", path);
        return ModelFiles.Describe(path);
    }
}
