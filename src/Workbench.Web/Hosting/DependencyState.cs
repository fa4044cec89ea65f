namespace Workbench.Web.Hosting;

/// <summary>What <see cref="DependencyGate"/> says about a queued run.</summary>
public enum DependencyState { Ready, Waiting, Blocked }
