using TorchSharp;
using TorchSharp.Modules;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>A student, a random teacher and a CE + forward-KL training step on demo data, for tests that take many steps.</summary>
public sealed class TinyDistillation : IDisposable
{
    private readonly Generator _generator = new(1);
    private readonly Gpt _student;
    private readonly Gpt _teacher;
    private readonly AdamW _optimizer;
    private readonly TrainingStep _step;
    private readonly BatchSampler<ArithmeticProblem> _sampler;
    private readonly int _padId;
    private readonly bool _packed;

    /// <param name="logitChunkRows">Rows per chunk of the chunked logit loss; null for the step's default, 0 for whole logits.</param>
    /// <param name="packed">Collate packed rows (<see cref="SequencePacking"/>) instead of padded ones.</param>
    public TinyDistillation(int layers, int width, int trainCount, int batchSize, int dataSeed, long? logitChunkRows = null, bool packed = false)
    {
        _packed = packed;
        var data = ArithmeticProblems.Generate(seed: dataSeed, trainCount: trainCount, evalCount: 0);
        var config = new GptConfig(layers, 2, width, 64, data.Tokenizer.VocabSize);
        _student = new Gpt(config, _generator);
        _teacher = new Gpt(config, _generator);
        _teacher.eval();
        _optimizer = TrainingStep.CreateOptimizer(_student, 1e-3);
        var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        _step = new TrainingStep(_student, _teacher, loss, _optimizer, logitChunkRows: logitChunkRows);
        _sampler = new BatchSampler<ArithmeticProblem>(data.Train, batchSize, seed: 1);
        _padId = data.Tokenizer.PadId;
    }

    /// <summary>Runs optimizer steps, each in its own dispose scope as the trainer does.</summary>
    public void Steps(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            using var batch = _packed ? SequencePacking.Collate(_sampler.Next(), _padId, maxRowLength: 64) : Batch.Collate(_sampler.Next(), _padId);
            _step.Run(batch, 1e-3);
        }
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _teacher.Dispose();
        _student.Dispose();
        _generator.Dispose();
    }
}
