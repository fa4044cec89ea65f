namespace Workbench.Training.Devices;

/// <summary>
/// Memory in use, in bytes. On CUDA: <see cref="DeviceUsed"/> and <see cref="DeviceTotal"/> of the GPU (cudaMemGetInfo,
/// every process's use, since TorchSharp 0.107 exposes no caching-allocator statistics); on CPU those are null.
/// <see cref="ProcessResident"/> is this process's resident set on either.
/// </summary>
public sealed record DeviceMemory(string Device, long ProcessResident, long? DeviceUsed = null, long? DeviceTotal = null);
