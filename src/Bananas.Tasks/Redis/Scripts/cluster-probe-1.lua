-- Start-up probe of the cluster layout: can this prefix's master run the migration check (cluster_unstable) from a script?
-- Reads and writes nothing.
-- Input:
--   KEYS[1] {prefix}:instance   (not touched: it routes the call to the master of the prefix's slot)
--   ARGV[1] the prefix's hash tag without its braces (what CLUSTER KEYSLOT is asked about)
-- Output: '' when CLUSTER KEYSLOT and CLUSTER NODES both run; else the first refusal, e.g.
--   'CLUSTER KEYSLOT: NOPERM …' (cluster_check_refusal).
local refusal = cluster_check_refusal(ARGV[1])
if refusal == nil then return '' end
return refusal
