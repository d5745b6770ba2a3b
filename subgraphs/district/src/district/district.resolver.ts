import { loadOrNotFound, loadReference, type RequestContext } from '@cso/platform';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { District } from './district.entity.js';
import { districtById } from './district.loader.js';
import { districtsByName } from './district.repository.js';

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => [District], {
    description: 'All districts, by name. A city has a few dozen at most, so this list is not paginated.',
  })
  districts(@Ctx() ctx: RequestContext): Promise<District[]> {
    return districtsByName(ctx.em);
  }

  @Query(() => District, { description: 'One district by id; NOT_FOUND when there is none.' })
  async district(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<District> {
    return loadOrNotFound(districtById(ctx), 'District', id);
  }
}

export const districtReferenceResolvers = {
  District: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadReference(districtById(ctx), ref.id),
  },
};
