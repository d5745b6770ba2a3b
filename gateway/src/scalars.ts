import { GraphQLScalarType, valueFromASTUntyped, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';

/**
 * The supergraph declares the subgraphs' custom scalars by name only, so the gateway would pass any
 * value and a subgraph would fail on it. Here each known scalar checks its values at the gateway (a
 * bad `DateTimeISO` variable is the client's BAD_USER_INPUT, answered before any subgraph is asked)
 * and still forwards them exactly as the client wrote them.
 */
const CHECKED: Record<string, GraphQLScalarType> = {
  DateTimeISO: GraphQLDateTimeISO,
  JSONObject: GraphQLJSONObject,
};

export function checkCustomScalars(schema: GraphQLSchema): void {
  for (const [name, reference] of Object.entries(CHECKED)) {
    const type = schema.getType(name);
    if (!(type instanceof GraphQLScalarType)) continue;
    type.parseValue = (value) => {
      reference.parseValue(value);
      return value;
    };
    type.parseLiteral = (ast, variables) => {
      reference.parseLiteral(ast, variables);
      return valueFromASTUntyped(ast, variables);
    };
  }
}
