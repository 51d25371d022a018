"""Schema evolution handlers: fields and functions added to or altered on an existing collection, truncate,
batch describe, analyzers and phrase-match slop, prewarm.

Each handler answers from the catalogue (``conformance/model/catalog.py``, the schema-evolution methods) or the
analyzer model (``conformance/model/analyzer.py``); ``conformance/model/rules/evolution.py`` holds every check
and its evidence. Prewarm and DescribePrewarmTask are not served (no master source for them was found; the mock
answers UNIMPLEMENTED)."""

from __future__ import annotations

from ..model import analyzer as analyzers
from ..model import errors
from ..model.rules import rules
from ..protocol import common_pb2, milvus_pb2
from .handling import handler

OK = common_pb2.Status


class EvolutionHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog``."""

    @handler
    def BatchDescribeCollection(self, request, context):
        responses = self.catalog.batch_describe(self._db(request, context), list(request.collection_name))
        return milvus_pb2.BatchDescribeCollectionResponse(status=OK(), responses=responses)

    @handler
    def AddCollectionField(self, request, context):
        self.catalog.add_collection_field(self._db(request, context), request.collection_name, request.schema)
        return OK()

    @handler
    def AddCollectionStructField(self, request, context):
        struct = request.struct_array_field_schema if request.HasField("struct_array_field_schema") else None
        self.catalog.add_collection_struct_field(self._db(request, context), request.collection_name, struct)
        return OK()

    @handler
    def AlterCollectionField(self, request, context):
        self.catalog.alter_collection_field(self._db(request, context), request.collection_name, request.field_name,
                                            {kv.key: kv.value for kv in request.properties}, list(request.delete_keys))
        return OK()

    @handler
    def AlterCollectionSchema(self, request, context):
        self.catalog.alter_collection_schema(self._db(request, context), request.collection_name, request)
        return milvus_pb2.AlterCollectionSchemaResponse(alter_status=OK())

    @handler
    def AddCollectionFunction(self, request, context):
        fn = request.functionSchema if request.HasField("functionSchema") else None
        self.catalog.add_collection_function(self._db(request, context), request.collection_name, fn)
        return OK()

    @handler
    def AlterCollectionFunction(self, request, context):
        fn = request.functionSchema if request.HasField("functionSchema") else None
        self.catalog.alter_collection_function(self._db(request, context), request.collection_name,
                                               request.function_name, fn)
        return OK()

    @handler
    def DropCollectionFunction(self, request, context):
        self.catalog.drop_collection_function(self._db(request, context), request.collection_name,
                                              request.function_name)
        return OK()

    @handler
    def TruncateCollection(self, request, context):
        self.catalog.truncate_collection(self._db(request, context), request.collection_name)
        return milvus_pb2.TruncateCollectionResponse(status=OK())

    @handler
    def RunAnalyzer(self, request, context):
        """master Proxy.RunAnalyzer: no text → Success with no results; without a collection the params build
        the analyzer; with one, the field's analyzer (its ``analyzer_params``, else the default)."""
        if not request.placeholder:
            return milvus_pb2.RunAnalyzerResponse(status=OK())
        params = request.analyzer_params
        if request.collection_name:
            with self.catalog.lock:
                db = self.catalog.db(self._db(request, context))
                coll, _ = self.catalog._lookup(db, request.collection_name)
                if coll is None:
                    raise rules.get("RunAnalyzer/missing-collection").error(db=db.name, name=request.collection_name)
                field = coll.get_field(request.field_name)
                if field is None:  # model decision: master's validateRunAnalyzer text is not stored
                    raise errors.invalid_parameter(f"field {request.field_name} not found in collection")
                params = next((kv.value for kv in field.type_params if kv.key == "analyzer_params"), "")
        analyzer = analyzers.build(params)
        resp = milvus_pb2.RunAnalyzerResponse(status=OK())
        for raw in request.placeholder:
            result = resp.results.add()
            for tok in analyzer.tokens(raw.decode("utf-8", errors="replace")):
                entry = result.tokens.add(token=tok.token)
                if request.with_detail:
                    entry.start_offset, entry.end_offset = tok.start_offset, tok.end_offset
                    entry.position, entry.position_length = tok.position, tok.position_length
        return resp

    @handler
    def ComputePhraseMatchSlop(self, request, context):
        analyzer = analyzers.build(request.analyzer_params)
        resp = milvus_pb2.ComputePhraseMatchSlopResponse(status=OK())
        for text in request.data_texts:
            matched, slop = analyzers.phrase_slop(analyzer, request.query_text, text)
            resp.is_match.append(matched)
            resp.slops.append(slop)
        return resp
