namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// The state of one series, kept in its family's slot pages rather than as an object of its own: its labels, its scalar
/// value and times, what only some types have, and its places in the family's two hash indexes. A scrape copies slots,
/// so it writes a consistent series without holding the store's lock.
/// </summary>
internal struct SeriesSlot
{
    /// <summary>
    /// The series' labels in order, as indexes into the store's <see cref="LabelTable"/> (see
    /// <see cref="Pipeline.Exposition.LabelIndexes"/>; the array is replaced, never changed in place); null for a free slot.
    /// </summary>
    public byte[]? Labels;

    /// <summary>
    /// What only some types have, immutable once set: a counter's latest <see cref="Pipeline.Exposition.Exemplar"/>, a
    /// <see cref="ClassicHistogramState"/>, an <see cref="ExponentialHistogramState"/> or a summary's
    /// <see cref="Pipeline.Exposition.SummaryValue"/>.
    /// </summary>
    public object? Detail;

    /// <summary>A counter's or gauge's value.</summary>
    public double Value;

    /// <summary>Start of the accumulated interval (OTLP start_time_unix_nano).</summary>
    public ulong StartNanos;

    /// <summary>Time of the last point (OTLP time_unix_nano).</summary>
    public ulong TimeNanos;

    /// <summary>Wall-clock time of the last update in UTC ticks, for metric_expiration.</summary>
    public long UpdatedTicks;

    /// <summary>The series' hash (of its label indexes, or of its identity), kept so the index grows without rehashing.</summary>
    public int Hash;

    /// <summary>The next slot in the same hash bucket, plus one; 0 ends the chain.</summary>
    public int Next;

    /// <summary>
    /// The 128-bit hash of the bytes the series' latest update arrived as (see <see cref="FamilyState.FindReceived"/>):
    /// its sender's context number and the data point's attributes as received; 0 until the ingest gives one.
    /// </summary>
    public UInt128 Received;

    /// <summary>The next slot in the same bucket of the received-bytes index, plus one; 0 ends the chain.</summary>
    public int ReceivedNext;
}
