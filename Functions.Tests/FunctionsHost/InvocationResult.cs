namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>The worker's answer to one invocation: its status (Success, Failure, Cancelled) and exception message.</summary>
public sealed record InvocationResult(string InvocationId, string Status, string? ExceptionMessage)
{
    /// <summary>True when the worker reported Success.</summary>
    public bool Succeeded => Status == "Success";
}
