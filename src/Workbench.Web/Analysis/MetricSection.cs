namespace Workbench.Web.Analysis;

/// <summary>Where a metric goes in a verdict: the key table or one of the collapsed sections below it.</summary>
public enum MetricSection { Key, Detection, System, Loss, Other }
