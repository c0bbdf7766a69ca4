using System.Reflection;
using Google.Protobuf.Reflection;
using Shouldly;
using OurRpc = AuthFunctions.Tests.FunctionsHost.Rpc.FunctionRpcReflection;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>Pins the test host's protocol subset to the worker's own compiled protocol.</summary>
/// <remarks>
/// Why: the subset is hand-written, so a worker update that renumbers, retypes or moves a field
/// would otherwise fail only at run time, as a silently empty message. The reference is the
/// descriptor generated into Microsoft.Azure.Functions.Worker.Grpc.dll, which is internal, so it
/// is reached by reflection.
/// </remarks>
public sealed class ProtoSubsetTests
{
    private static readonly FileDescriptor Ours = OurRpc.Descriptor;
    private static readonly FileDescriptor Workers = LoadWorkerDescriptor();

    // FileDescriptor.FindTypeByName finds top-level types only; nested ones (StatusResult.Status) are looked up here.
    private static readonly Dictionary<string, MessageDescriptor> WorkerMessages = Flatten(Workers.MessageTypes).ToDictionary(m => m.FullName);
    private static readonly Dictionary<string, EnumDescriptor> WorkerEnums =
        Workers.EnumTypes.Concat(Flatten(Workers.MessageTypes).SelectMany(m => m.EnumTypes)).ToDictionary(e => e.FullName);

    [Fact]
    public void Every_message_field_and_enum_of_the_subset_matches_the_worker()
    {
        var mismatches = new List<string>();

        foreach (var message in Ours.MessageTypes)
        {
            CompareMessage(message, mismatches);
        }

        foreach (var enumType in Ours.EnumTypes)
        {
            CompareEnum(enumType, mismatches);
        }

        mismatches.ShouldBeEmpty();
        Flatten(Ours.MessageTypes).Sum(m => m.Fields.InDeclarationOrder().Count).ShouldBeGreaterThan(100, "the subset was compared at all");
    }

    [Fact]
    public void The_service_matches_the_worker()
    {
        Ours.Package.ShouldBe(Workers.Package);
        var mismatches = new List<string>();

        foreach (var service in Ours.Services)
        {
            var theirs = Workers.Services.FirstOrDefault(s => s.FullName == service.FullName);
            if (theirs is null)
            {
                mismatches.Add($"service {service.FullName}: not in the worker");
                continue;
            }

            foreach (var method in service.Methods)
            {
                var other = theirs.FindMethodByName(method.Name);
                var ours = $"{method.InputType.FullName} {method.IsClientStreaming} -> {method.OutputType.FullName} {method.IsServerStreaming}";
                var them = other is null ? "missing" : $"{other.InputType.FullName} {other.IsClientStreaming} -> {other.OutputType.FullName} {other.IsServerStreaming}";
                if (ours != them)
                {
                    mismatches.Add($"rpc {service.FullName}.{method.Name}: ours {ours}, worker {them}");
                }
            }
        }

        mismatches.ShouldBeEmpty();
    }

    private static void CompareMessage(MessageDescriptor message, List<string> mismatches)
    {
        if (!WorkerMessages.TryGetValue(message.FullName, out var theirs))
        {
            mismatches.Add($"message {message.FullName}: not in the worker");
            return;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var other = theirs.FindFieldByName(field.Name);
            var ours = Describe(field);
            var them = other is null ? "missing" : Describe(other);
            if (ours != them)
            {
                mismatches.Add($"{message.FullName}.{field.Name}: ours [{ours}], worker [{them}]");
            }
        }

        // Map entries are nested messages too, so key and value types are compared by this recursion.
        foreach (var nested in message.NestedTypes)
        {
            CompareMessage(nested, mismatches);
        }

        foreach (var nested in message.EnumTypes)
        {
            CompareEnum(nested, mismatches);
        }
    }

    private static void CompareEnum(EnumDescriptor enumType, List<string> mismatches)
    {
        if (!WorkerEnums.TryGetValue(enumType.FullName, out var theirs))
        {
            mismatches.Add($"enum {enumType.FullName}: not in the worker");
            return;
        }

        foreach (var value in enumType.Values)
        {
            var other = theirs.FindValueByName(value.Name);
            if (other is null || other.Number != value.Number)
            {
                mismatches.Add($"{enumType.FullName}.{value.Name}: ours {value.Number}, worker {other?.Number.ToString() ?? "missing"}");
            }
        }
    }

    private static string Describe(FieldDescriptor field)
    {
        var typeName = field.FieldType switch
        {
            FieldType.Message or FieldType.Group => field.MessageType.FullName,
            FieldType.Enum => field.EnumType.FullName,
            _ => "",
        };
        var label = field.IsMap ? "map" : field.IsRepeated ? "repeated" : "single";
        var oneof = field.RealContainingOneof?.Name ?? "-";
        return $"number {field.FieldNumber}, type {field.FieldType} {typeName}, label {label}, oneof {oneof}";
    }

    private static IEnumerable<MessageDescriptor> Flatten(IEnumerable<MessageDescriptor> messages) =>
        messages.SelectMany(m => Flatten(m.NestedTypes).Prepend(m));

    private static FileDescriptor LoadWorkerDescriptor()
    {
        var assembly = Assembly.Load("Microsoft.Azure.Functions.Worker.Grpc");
        var reflection = assembly.GetTypes().Single(t => t.Name == "FunctionRpcReflection");
        var property = reflection.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("FunctionRpcReflection.Descriptor not found in the worker's assembly.");
        return (FileDescriptor)property.GetValue(null)!;
    }
}
