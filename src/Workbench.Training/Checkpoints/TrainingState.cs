namespace Workbench.Training.Checkpoints;

/// <summary>
/// What a resumed run needs besides weights and optimizer moments to continue exactly where it stopped.
/// </summary>
/// <param name="Step">Optimizer steps done; the resumed run continues at <c>Step + 1</c>.</param>
/// <param name="BatchesDrawn">Batches the sampler has drawn (micro-batches included), replayed from the seed on resume.</param>
/// <param name="Epoch">The sampler's epoch, a check on the replay.</param>
/// <param name="TorchRngState">libtorch's default CPU generator state (base64), for dropout and other random ops.</param>
public sealed record TrainingState(long Step, long BatchesDrawn, int Epoch, string TorchRngState);
