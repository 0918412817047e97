using System.Buffers;
using System.Text;

namespace Keel.Redis.Tests;

/// <summary>The RESP2 reader on bytes alone: every reply type, and replies cut at every possible byte.</summary>
public sealed class RespParserTests
{
    [Fact]
    public void Reads_every_reply_type()
    {
        var replies = ParseAll("+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n$0\r\n\r\n*0\r\n"u8.ToArray());

        Assert.Equal(8, replies.Count);
        Assert.Equal((RespKind.SimpleString, "OK"), (replies[0].Kind, replies[0].AsString()));
        Assert.Equal((RespKind.Error, "ERR bad thing"), (replies[1].Kind, replies[1].AsString()));
        Assert.Equal((RespKind.Integer, -42L), (replies[2].Kind, replies[2].Integer));
        Assert.Equal("hello", replies[3].AsString());
        Assert.True(replies[4].IsNull);
        Assert.True(replies[5].IsNull);
        Assert.Empty(replies[6].Bytes!);
        Assert.Empty(replies[7].Elements!);
    }

    [Fact]
    public void Bulk_strings_keep_binary_data_and_CRLF_inside()
    {
        byte[] payload = [0, 13, 10, 255, 36, 13, 10, 42, 0];
        var wire = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();

        var reply = Assert.Single(ParseAll(wire));

        Assert.Equal(payload, reply.Bytes);
    }

    [Fact]
    public void Nested_arrays_mix_types()
    {
        var reply = Assert.Single(ParseAll("*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n-ERR inner\r\n"u8.ToArray()));

        var elements = reply.Elements!;
        Assert.Equal(1, elements[0].Integer);
        Assert.Equal("a", elements[1].Elements![0].AsString());
        Assert.True(elements[1].Elements![1].IsNull);
        Assert.Equal(RespKind.Error, elements[2].Kind);
    }

    [Fact]
    public void A_reply_cut_at_any_byte_is_read_once_the_rest_arrives()
    {
        var wire = "*2\r\n$4\r\nab\r\n\r\n:7\r\n+PONG\r\n"u8.ToArray();
        for (var cut = 0; cut <= wire.Length; cut++)
        {
            var sequence = TwoSegments(wire, cut);
            var reader = new SequenceReader<byte>(sequence);

            Assert.True(RespParser.TryRead(ref reader, out var first));
            Assert.True(RespParser.TryRead(ref reader, out var second));
            Assert.Equal("ab\r\n", first.Elements![0].AsString());
            Assert.Equal(7, first.Elements![1].Integer);
            Assert.Equal("PONG", second.AsString());
            Assert.Equal(0, reader.Remaining);

            // And with only the first part, the reader stays where it was until more bytes come.
            var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire, 0, Math.Min(cut, wire.Length - 7)));
            if (RespParser.TryRead(ref partial, out _))
                Assert.True(cut >= wire.Length - 7);
            else
                Assert.Equal(0, partial.Consumed);
        }
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("+OK\n")]
    [InlineData("$-5\r\n")]
    public void Bytes_that_are_not_RESP_throw_InvalidDataException(string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);

        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            RespParser.TryRead(ref reader, out _);
        });
    }

    [Fact]
    public void Commands_are_written_as_arrays_of_bulk_strings()
    {
        var buffer = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(buffer, ["SET", "clé", RedisArgument.FromBytes(new byte[] { 13, 10 }), -15L]);

        Assert.Equal("*4\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n\r\n\r\n$3\r\n-15\r\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static List<RespValue> ParseAll(byte[] wire)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));
        var replies = new List<RespValue>();
        while (RespParser.TryRead(ref reader, out var reply))
            replies.Add(reply);
        Assert.Equal(0, reader.Remaining);
        return replies;
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] wire, int cut)
    {
        var first = new Segment(wire.AsMemory(0, cut));
        var last = first.Append(wire.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
