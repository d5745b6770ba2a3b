import { loadOrNotFound, loadReference, type RequestContext } from '@cso/platform';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { DistrictRef } from '../federation/district.ref.js';
import { Street } from './street.entity.js';
import { streetById, streetsByDistrict } from './street.loader.js';

/** Streets and their branches are public, like the district they belong to. */
@Resolver(() => Street)
export class StreetResolver {
  @Query(() => Street, { description: 'One street by id; NOT_FOUND when there is none.' })
  async street(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Street> {
    return loadOrNotFound(streetById(ctx), 'Street', id);
  }

  @FieldResolver(() => DistrictRef, { description: '所属区 The district the street belongs to.' })
  district(@Root() street: Street): DistrictRef {
    return DistrictRef.of(street.districtId);
  }
}

@Resolver(() => DistrictRef)
export class DistrictStreetsResolver {
  @FieldResolver(() => [Street], {
    nullable: true,
    description: '街道 The streets of the district, by name (a district has a few dozen at most; not paginated).',
  })
  streets(@Root() district: DistrictRef, @Ctx() ctx: RequestContext): Promise<Street[]> {
    return streetsByDistrict(ctx).load(district.id);
  }
}

export const streetReference = {
  Street: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadReference(streetById(ctx), ref.id),
  },
};
