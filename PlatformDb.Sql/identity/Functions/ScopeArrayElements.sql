/*
The elements of a JSON array (an API key's Scopes) with their position and their JSON text, so that the scope
procedures can rebuild the array element by element. OPENJSON returns a string unquoted and unescaped and a JSON
null as NULL, so JsonText quotes and escapes strings and spells null; numbers, booleans, arrays and objects
come back as JSON text already.
STRING_ESCAPE(x, 'json') also turns every / into \/ (its documented escape table), which would rewrite existing
elements' text on every rebuild; the REPLACE undoes exactly that escape. It cannot hit anything else: in the
escaped text a / only ever appears as the second character of a \/ token (a backslash becomes \\, never a lone \),
so every \/ pair is one such token. The binary collation makes the match byte-exact.
*/
CREATE FUNCTION [identity].[ScopeArrayElements] (@Scopes NVARCHAR (MAX))
RETURNS TABLE
AS
RETURN
    SELECT CAST([j].[key] AS INT) AS [Position],
           [j].[type] AS [JsonType],
           [j].[value] AS [Value],
           CASE [j].[type]
               WHEN 0 THEN CAST(N'null' AS NVARCHAR (MAX))
               WHEN 1 THEN N'"' + REPLACE(STRING_ESCAPE(CAST([j].[value] AS NVARCHAR (MAX)), 'json') COLLATE Latin1_General_100_BIN2, N'\/', N'/') + N'"'
               ELSE CAST([j].[value] AS NVARCHAR (MAX))
           END AS [JsonText]
    FROM OPENJSON(@Scopes) AS [j];
